/**
 * H5: the calls the inline bootstrap in index.html (config/h5-boot.js) started before the app's
 * script arrived: the first page's data and user.login. The app takes such an answer instead of
 * asking again, once, while it is fresh; anything else goes to the network as usual.
 */

/** One call the bootstrap started: as whom, naming which device, when, and the answer's JSON body (null: none came). */
export interface EarlyCall {
  device: string
  openid: string
  at: number
  body: Promise<unknown>
}

declare global {
  interface Window {
    __qzEarly?: Record<string, EarlyCall>
    /** Set once the feed page is up: from then on the bootstrap paints no first screen. */
    __qzAppUp?: boolean
  }
}

/** An early answer older than this is not taken (the page asked for it much later: ask afresh). */
export const EARLY_FRESH_MS = 30_000

/**
 * The key both sides compute for a call: fn.action and the input's defined fields, sorted, except
 * `code` (user.login's one-time wx.login code, which each side gets for itself).
 */
export function earlyKey(fn: string, action: string, input: object): string {
  const o = input as Record<string, unknown>
  const pairs = Object.keys(o)
    .filter((k) => o[k] !== undefined && k !== 'code')
    .sort()
    .map((k) => [k, o[k]])
  return `${fn}.${action}:${JSON.stringify(pairs)}`
}

/** Who asks: the device the call names and the H5 demo user it is made as. */
export interface Caller {
  device: string
  openid: string
}

/** The bootstrap's call for exactly this call and caller, if it is still fresh (not removed). */
function find(fn: string, action: string, input: object, caller: Caller, now: number): EarlyCall | null {
  const hit = typeof window === 'undefined' ? undefined : window.__qzEarly?.[earlyKey(fn, action, input)]
  if (!hit || hit.device !== caller.device || hit.openid !== caller.openid || now - hit.at > EARLY_FRESH_MS) return null
  return hit
}

/**
 * The bootstrap's answer to this very call (same fn, action, input, device and demo user), removed
 * so it is used once; null when there is none, it is stale, or no answer came (the caller then asks).
 */
export async function takeEarly(
  fn: string,
  action: string,
  input: object,
  caller: Caller,
  now: number = Date.now(),
): Promise<unknown> {
  const hit = find(fn, action, input, caller, now)
  if (!hit) return null
  delete window.__qzEarly![earlyKey(fn, action, input)]
  return (await hit.body) ?? null
}

/** Whether takeEarly would find this call (user.login: then no wx.login code is fetched for it). */
export function hasEarly(fn: string, action: string, input: object, caller: Caller, now: number = Date.now()): boolean {
  return find(fn, action, input, caller, now) !== null
}

/** The container of the bootstrap's first screen (config/h5-boot.js `paint`). */
export const EARLY_PAINT_ID = 'qz-early'

/**
 * The feed page is up: the bootstrap paints no first screen from now on, and once the page shows
 * its own content (`shown`) the one it painted, if any, goes (never over the real page).
 */
export function endEarlyPaint(shown: boolean): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return
  window.__qzAppUp = true
  if (shown) document.getElementById(EARLY_PAINT_ID)?.remove()
}
