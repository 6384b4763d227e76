/** The `event` function's actions (contract: core/contracts/event.ts). */
export {}
