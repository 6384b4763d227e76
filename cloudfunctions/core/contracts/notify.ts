/** The `notify` function's contract: 通知中心、订阅消息授权、到期提醒（issue 4）. */

export const notifyInputs = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface NotifyOutputs {}
