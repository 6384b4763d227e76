/**
 * The simulated clock: real time plus an offset. The database (serverDate), the timers and every
 * function invocation (QZ_CLOCK_OFFSET_MS, read by the functions' runtime) see the same "now", so
 * a test or a demo can jump to the day a membership expires without waiting for it.
 */
export interface SimClock {
  now(): Date
  offsetMs(): number
  /** Jump to an instant (no timers fire). */
  set(instant: Date): void
  setOffset(offsetMs: number): void
  reset(): void
}

export function createClock(initialOffsetMs = 0, realNow: () => number = Date.now): SimClock {
  let offset = initialOffsetMs
  return {
    now: () => new Date(realNow() + offset),
    offsetMs: () => offset,
    set(instant) {
      offset = instant.getTime() - realNow()
    },
    setOffset(ms) {
      offset = ms
    },
    reset() {
      offset = 0
    },
  }
}
