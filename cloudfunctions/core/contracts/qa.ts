/** The `qa` function's contract: 付费问答与偷看（issue 5）. */

export const qaInputs = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface QaOutputs {}
