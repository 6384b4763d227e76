/**
 * Points (积分) and honor titles (荣誉称号), docs/features.md §9. Points are earned once per cause,
 * weighted by the circle's settings; a monthly leaderboard ranks what was earned in a Shanghai
 * calendar month; titles come at total-point thresholds, or are granted by the owner (a granted
 * title wins over a threshold title until the owner takes it back).
 */
import { DomainError } from './errors'
import type { PointReason, PointsSettings } from './settings'
import { inShanghai } from './time'

export const POINT_REASON_LABELS: Record<PointReason, string> = {
  post: '发布动态',
  featured: '动态被设为精华',
  answer: '回答问题',
  checkin: '打卡',
  invite: '邀请成员',
}

export const MAX_POINT_WEIGHT = 100

/** The Shanghai calendar month of an instant, e.g. 202611: the key of a monthly leaderboard. */
export function monthKey(instant: Date | string | number): string {
  return inShanghai(instant).format('YYYYMM')
}

/** The award's id: a cause earns points once, however often the handler runs. */
export function pointEventId(a: { circleId: string; openid: string; reason: PointReason; refId: string }): string {
  return `${a.circleId}:${a.reason}:${a.refId}:${a.openid}`
}

/** The highest threshold title reached by a total, or null. */
export function thresholdTitle(total: number, titles: PointsSettings['titles']): string | null {
  let best: { name: string; minPoints: number } | null = null
  for (const t of titles) if (total >= t.minPoints && (!best || t.minPoints > best.minPoints)) best = t
  return best?.name ?? null
}

/** What shows beside a member's name. */
export function displayTitle(total: number, granted: string | null, settings: PointsSettings): string | null {
  return granted ?? thresholdTitle(total, settings.titles)
}

/** An owner's points settings: weights 0–100, titles unique, thresholds ascending and distinct. */
export function validatePointsSettings(settings: PointsSettings): PointsSettings {
  for (const w of Object.values(settings.weights)) {
    if (!Number.isInteger(w) || w < 0 || w > MAX_POINT_WEIGHT)
      throw new DomainError('invalid_argument', undefined, 'weights')
  }
  const titles = [...settings.titles].sort((a, b) => a.minPoints - b.minPoints)
  const names = new Set(titles.map((t) => t.name))
  const thresholds = new Set(titles.map((t) => t.minPoints))
  if (names.size !== titles.length || thresholds.size !== titles.length)
    throw new DomainError('invalid_argument', undefined, 'titles')
  return { weights: { ...settings.weights }, titles }
}
