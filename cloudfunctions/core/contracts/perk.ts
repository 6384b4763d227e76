/** The `perk` function's contract: 会员权益、积分、荣誉称号（issue 5）. */

export const perkInputs = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface PerkOutputs {}
