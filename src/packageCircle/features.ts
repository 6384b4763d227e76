/**
 * The circle's feature entries shown on its feed page: one line per feature, in sections owned by
 * each feature. `permission` decides who sees the entry (the same matrix the server enforces).
 * `team` entries appear in the 管理 row, the rest in the members' row.
 */
import type { Permission } from '@core/permissions'

export interface CircleFeature {
  key: string
  label: string
  /** A short glyph shown in the tile (no icon font in the package). */
  glyph: string
  url: (circleId: string) => string
  permission: Permission
  team?: boolean
}

const q = (circleId: string) => `circleId=${encodeURIComponent(circleId)}`

export const CIRCLE_FEATURES: CircleFeature[] = [
  // ---- entry ----
  // (end entry)
  // ---- pricing ----
  // (end pricing)
  // ---- lifecycle ----
  // (end lifecycle)
  // ---- moderation ----
  // (end moderation)
  // ---- content: content security, held content, files, watermark ----
  // (end content)
  // ---- challenge ----
  // (end challenge)
  // ---- qa ----
  // (end qa)
  // ---- event ----
  // (end event)
  // ---- perk ----
  // (end perk)
]

/** Keeps `q` in use while sections are empty; features build their query strings with it. */
export const circleQuery = q
