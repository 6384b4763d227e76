/** The `member` function's actions (contract: core/contracts/member.ts). */
export {}
