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

/**
 * The bootstrap's answer to this very call (same fn, action, input, device and demo user), removed
 * so it is used once; null when there is none, it is stale, or no answer came (the caller then asks).
 */
export async function takeEarly(
  fn: string,
  action: string,
  input: object,
  caller: { device: string; openid: string },
  now: number = Date.now(),
): Promise<unknown> {
  const all = typeof window === 'undefined' ? undefined : window.__qzEarly
  if (!all) return null
  const key = earlyKey(fn, action, input)
  const hit = all[key]
  if (!hit) return null
  delete all[key]
  if (hit.device !== caller.device || hit.openid !== caller.openid || now - hit.at > EARLY_FRESH_MS) return null
  return (await hit.body) ?? null
}

/** Whether the bootstrap started this call and nobody has taken it yet (user.login: no wx.login code needed). */
export function hasEarly(fn: string, action: string, input: object): boolean {
  const all = typeof window === 'undefined' ? undefined : window.__qzEarly
  return !!all && earlyKey(fn, action, input) in all
}
