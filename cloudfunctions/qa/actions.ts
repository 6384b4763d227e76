/** The `qa` function's actions (contract: core/contracts/qa.ts). */
export {}
