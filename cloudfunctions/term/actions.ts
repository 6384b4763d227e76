/** The `term` function's actions (contract: core/contracts/term.ts). */
export {}
