/**
 * Moderation rules (core/moderation.ts): mute durations, quiet hours on the Asia/Shanghai wall
 * clock (whatever the machine's zone), the new-member window, the publishing gate, the removal
 * refund arithmetic, and the permission matrix printed in docs/moderation.md.
 */
import { readFileSync } from 'fs'
import path from 'path'
import { ROLES, type Role } from '@core/contract'
import {
  assertGuestRoom,
  assertMayPublish,
  assertOutranks,
  GUEST_LIMIT,
  guestDelta,
  inQuietHours,
  isMuted,
  moderationSettings,
  muteUntil,
  proRataRefundFen,
  publishBlock,
  quietHoursEnd,
  blockMessage,
} from '@core/moderation'
import { PERMISSIONS } from '@core/permissions'
import { ROLE_LABELS } from '@core/circle'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** An instant given as Shanghai wall-clock time. */
const sh = (local: string) => new Date(`${local}+08:00`)

describe('mute durations', () => {
  const now = sh('2026-11-23T10:00:00')
  it('ends 1 hour, 1 day and 7 days later, or never', () => {
    expect(muteUntil('1h', now)!.getTime() - now.getTime()).toBe(HOUR)
    expect(muteUntil('1d', now)!.getTime() - now.getTime()).toBe(DAY)
    expect(muteUntil('7d', now)!.getTime() - now.getTime()).toBe(7 * DAY)
    expect(muteUntil('forever', now)).toBeNull()
  })

  it('holds until the second it ends, not after', () => {
    const mute = { until: new Date(now.getTime() + HOUR), by: 'o_owner', at: now }
    expect(isMuted(mute, new Date(now.getTime() + HOUR - 1000))).toBe(true)
    expect(isMuted(mute, new Date(now.getTime() + HOUR))).toBe(false)
    expect(isMuted({ until: null, by: 'o_owner', at: now }, new Date(now.getTime() + 3650 * DAY))).toBe(true)
    expect(isMuted(null, now)).toBe(false)
  })
})

describe('quiet hours (Asia/Shanghai wall clock)', () => {
  const night = { start: '23:00', end: '07:00' }
  it('the machine runs in UTC here, so Shanghai is 8 hours ahead of it', () => {
    // 23:30 in Shanghai is 15:30 UTC: a check using the machine's clock would get this wrong.
    expect(sh('2026-11-23T23:30:00').getUTCHours()).toBe(15)
  })

  it('spans midnight: 23:00 up to 07:00 next morning', () => {
    expect(inQuietHours(night, sh('2026-11-23T22:59:59'))).toBe(false)
    expect(inQuietHours(night, sh('2026-11-23T23:00:00'))).toBe(true)
    expect(inQuietHours(night, sh('2026-11-23T23:59:59'))).toBe(true)
    expect(inQuietHours(night, sh('2026-11-24T00:00:00'))).toBe(true)
    expect(inQuietHours(night, sh('2026-11-24T06:59:59'))).toBe(true)
    expect(inQuietHours(night, sh('2026-11-24T07:00:00'))).toBe(false)
    expect(inQuietHours(night, sh('2026-11-24T12:00:00'))).toBe(false)
  })

  it('a window within one day, and no window at all', () => {
    const lunch = { start: '12:00', end: '13:30' }
    expect(inQuietHours(lunch, sh('2026-11-23T11:59:00'))).toBe(false)
    expect(inQuietHours(lunch, sh('2026-11-23T12:00:00'))).toBe(true)
    expect(inQuietHours(lunch, sh('2026-11-23T13:29:00'))).toBe(true)
    expect(inQuietHours(lunch, sh('2026-11-23T13:30:00'))).toBe(false)
    expect(inQuietHours(null, sh('2026-11-23T23:30:00'))).toBe(false)
  })

  it('says when the window ends: the same morning after midnight, the next morning before it', () => {
    expect(quietHoursEnd(night, sh('2026-11-23T23:30:00'))).toEqual(sh('2026-11-24T07:00:00'))
    expect(quietHoursEnd(night, sh('2026-11-24T01:00:00'))).toEqual(sh('2026-11-24T07:00:00'))
  })

  it('refuses a window that starts when it ends, and more than 30 new-member days', () => {
    expect(() =>
      moderationSettings({ muteAll: false, quietHours: { start: '08:00', end: '08:00' }, newMemberMuteDays: 0 }),
    ).toThrow(expect.objectContaining({ code: 'invalid_argument', param: 'quietHours' }))
    expect(() => moderationSettings({ muteAll: false, quietHours: null, newMemberMuteDays: 31 })).toThrow(
      expect.objectContaining({ param: 'newMemberMuteDays' }),
    )
  })
})

describe('the publishing gate', () => {
  const joinedAt = sh('2026-11-20T10:00:00')
  const now = sh('2026-11-23T15:00:00')
  const circle = (moderation: object = {}) => ({
    settings: { moderation: { muteAll: false, quietHours: null, newMemberMuteDays: 0, ...moderation } },
  })
  const member = (mute: object | null = null) => ({ joinedAt, mute: mute as never })
  const gate = (role: Role, c = circle(), m = member(), at = now) =>
    publishBlock({ access: { role }, membership: m, circle: c, now: at })

  it('lets a member publish when nothing applies', () => {
    expect(gate('member')).toBeNull()
    expect(gate('member', {} as never)).toBeNull()
  })

  it('a personal mute stops anyone but the owner, team included', () => {
    const muted = member({ until: new Date(now.getTime() + HOUR), by: 'o_owner', at: now })
    expect(gate('member', circle(), muted)).toEqual({ code: 'muted', until: new Date(now.getTime() + HOUR) })
    expect(gate('admin', circle(), muted)).toMatchObject({ code: 'muted' })
    expect(gate('owner', circle(), muted)).toBeNull()
  })

  it('mute-all, quiet hours and the new-member window spare the team only', () => {
    for (const team of ['owner', 'partner', 'admin'] as const) {
      expect(gate(team, circle({ muteAll: true }))).toBeNull()
      expect(gate(team, circle({ quietHours: { start: '14:00', end: '16:00' } }))).toBeNull()
      expect(gate(team, circle({ newMemberMuteDays: 7 }))).toBeNull()
    }
    for (const role of ['guest', 'member'] as const) {
      expect(gate(role, circle({ muteAll: true }))).toEqual({ code: 'circle_muted', until: null })
      expect(gate(role, circle({ quietHours: { start: '14:00', end: '16:00' } }))).toEqual({
        code: 'quiet_hours',
        until: sh('2026-11-23T16:00:00'),
      })
      expect(gate(role, circle({ newMemberMuteDays: 7 }))).toEqual({
        code: 'new_member_muted',
        until: sh('2026-11-27T10:00:00'),
      })
    }
  })

  it('the new-member window closes to the second', () => {
    const c = circle({ newMemberMuteDays: 3 })
    expect(gate('member', c, member(), sh('2026-11-23T09:59:59'))).toMatchObject({ code: 'new_member_muted' })
    expect(gate('member', c, member(), sh('2026-11-23T10:00:00'))).toBeNull()
  })

  it('throws the code with a Chinese message saying until when', () => {
    const muted = member({ until: sh('2026-11-24T15:00:00'), by: 'o_owner', at: now })
    expect(() => assertMayPublish({ access: { role: 'member' }, membership: muted, circle: circle(), now })).toThrow(
      expect.objectContaining({ code: 'muted', message: '你已被禁言，11月24日 15:00 后可以发言' }),
    )
    expect(blockMessage({ code: 'muted', until: null })).toBe('你已被永久禁言')
    expect(blockMessage({ code: 'quiet_hours', until: sh('2026-11-24T07:00:00') })).toContain('11月24日 07:00')
  })
})

describe('who acts on whom', () => {
  it('only downwards, never on oneself', () => {
    expect(() => assertOutranks({ openid: 'a', role: 'owner' }, { openid: 'b', role: 'partner' })).not.toThrow()
    expect(() => assertOutranks({ openid: 'a', role: 'admin' }, { openid: 'b', role: 'guest' })).not.toThrow()
    expect(() => assertOutranks({ openid: 'a', role: 'admin' }, { openid: 'b', role: 'admin' })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    )
    expect(() => assertOutranks({ openid: 'a', role: 'partner' }, { openid: 'b', role: 'owner' })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    )
    expect(() => assertOutranks({ openid: 'a', role: 'owner' }, { openid: 'a', role: 'owner' })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    )
  })

  it('counts guests and refuses the 51st', () => {
    expect(guestDelta('member', 'guest')).toBe(1)
    expect(guestDelta('guest', 'admin')).toBe(-1)
    expect(guestDelta('guest', 'guest')).toBe(0)
    expect(guestDelta('member', 'admin')).toBe(0)
    expect(() => assertGuestRoom(GUEST_LIMIT - 1, 1)).not.toThrow()
    expect(() => assertGuestRoom(GUEST_LIMIT, 1)).toThrow(expect.objectContaining({ code: 'guest_limit_reached' }))
    expect(() => assertGuestRoom(GUEST_LIMIT, -1)).not.toThrow()
  })
})

describe('the removal refund (pro rata, whole fen, rounded down)', () => {
  const start = sh('2026-01-01T00:00:00')
  const end = new Date(start.getTime() + 365 * DAY)
  it('refunds the unused share of the term', () => {
    // 100 days used of 365: 265/365 of 9900 = 7187.67 → 7187
    expect(
      proRataRefundFen({
        paidFen: 9900,
        refundedFen: 0,
        termStart: start,
        termEnd: end,
        now: new Date(start.getTime() + 100 * DAY),
      }),
    ).toBe(7187)
    expect(proRataRefundFen({ paidFen: 9900, refundedFen: 0, termStart: start, termEnd: end, now: start })).toBe(9900)
    expect(
      proRataRefundFen({
        paidFen: 9900,
        refundedFen: 0,
        termStart: start,
        termEnd: end,
        now: new Date(start.getTime() - DAY),
      }),
    ).toBe(9900)
  })

  it('gives nothing for an ended or endless term, and never more than is left to refund', () => {
    expect(proRataRefundFen({ paidFen: 9900, refundedFen: 0, termStart: start, termEnd: end, now: end })).toBe(0)
    expect(proRataRefundFen({ paidFen: 9900, refundedFen: 0, termStart: start, termEnd: null, now: start })).toBe(0)
    expect(proRataRefundFen({ paidFen: 9900, refundedFen: 9000, termStart: start, termEnd: end, now: start })).toBe(900)
  })

  it('is an integer for awkward amounts', () => {
    for (const paid of [1, 3, 99, 12_345, 100_000_000]) {
      const fen = proRataRefundFen({
        paidFen: paid,
        refundedFen: 0,
        termStart: start,
        termEnd: end,
        now: new Date(start.getTime() + 123_456_789),
      })
      expect(Number.isInteger(fen)).toBe(true)
      expect(fen).toBeLessThanOrEqual(paid)
    }
  })
})

/** The matrix as docs/moderation.md prints it, built from PERMISSIONS. */
export function permissionTable(): string {
  const head = `| 权限 | ${ROLES.map((r) => ROLE_LABELS[r]).join(' | ')} |`
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`
  const rows = Object.entries(PERMISSIONS).map(
    ([name, roles]) =>
      `| \`${name}\` | ${ROLES.map((r) => ((roles as readonly string[]).includes(r) ? '✓' : '')).join(' | ')} |`,
  )
  return [head, rule, ...rows].join('\n')
}

describe('docs/moderation.md', () => {
  it('prints the permission matrix exactly as core/permissions.ts has it', () => {
    const doc = readFileSync(path.join(__dirname, '../../docs/moderation.md'), 'utf8')
    const m = doc.match(/<!-- matrix:start -->\n([\s\S]*?)\n<!-- matrix:end -->/)
    expect(m).not.toBeNull()
    expect(m![1]).toBe(permissionTable())
  })
})
