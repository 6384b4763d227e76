/** The `moderate` function's actions (contract: core/contracts/moderate.ts). */
export {}
