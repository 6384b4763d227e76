/** The `event` function's contract: 活动报名、票券、核销（issue 5）. */

export const eventInputs = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface EventOutputs {}
