/** The `notify` function's actions (contract: core/contracts/notify.ts). */
export {}
