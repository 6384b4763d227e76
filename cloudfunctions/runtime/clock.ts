/**
 * Now, for every rule. In production it is the machine clock. The local cloud shifts it with
 * QZ_CLOCK_OFFSET_MS (set per invocation by its gateway) so demos and tests can move through
 * days without waiting; nothing else in the code reads the time.
 */
export function now(): Date {
  const offset = Number(process.env.QZ_CLOCK_OFFSET_MS ?? 0)
  return new Date(Date.now() + (Number.isFinite(offset) ? offset : 0))
}
