/** The `challenge` function's actions (contract: core/contracts/challenge.ts). */
export {}
