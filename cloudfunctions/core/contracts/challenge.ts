/** The `challenge` function's contract: 打卡挑战与押金（issue 5）. */

export const challengeInputs = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ChallengeOutputs {}
