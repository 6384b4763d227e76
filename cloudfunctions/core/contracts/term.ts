/** The `term` function's contract: membership term, expiry sweep and reminders, the owner's expiring list (issue 4). */

export const termInputs = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface TermOutputs {}
