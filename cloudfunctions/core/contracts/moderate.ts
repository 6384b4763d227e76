/** The `moderate` function's contract: 禁言、移除、黑名单、举报队列、内容安全设置（issue 4）. */

export const moderateInputs = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ModerateOutputs {}
