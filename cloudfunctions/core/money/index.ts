/** The pure money core (docs/money.md): integer fen, basis points, balanced journals, no I/O. */
export * from './accounts'
export { BPS_DENOMINATOR, assertFen, bpsOf, mulDivFloor, sumFen } from './fen'
export * from './split'
export * from './ledger'
export * from './orders'
export * from './pricing'
export * from './withdrawals'
export * from './statement'
