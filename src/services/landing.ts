/**
 * The owner's funnel (docs/stats.md): a circle's landing page seen, its join button tapped. The
 * server counts each once per visitor and day; a failed count is dropped (it must never get in
 * the visitor's way).
 */
import { call } from './cloud'

const channels = new Map<string, string | null>()

export function trackLanding(circleId: string, kind: 'view' | 'tap', channel?: string | null): void {
  if (kind === 'view') channels.set(circleId, channel ?? null)
  const ch = kind === 'view' ? (channel ?? null) : (channels.get(circleId) ?? null)
  call('stats', 'track', { circleId, kind, channel: ch }).catch(() => undefined)
}
