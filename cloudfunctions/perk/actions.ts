/** The `perk` function's actions (contract: core/contracts/perk.ts). */
export {}
