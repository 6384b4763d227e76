/** The `stats` function's actions (contract: core/contracts/stats.ts; docs/stats.md). */
import { createHash } from 'crypto'
import { ROLE_LABELS } from '../core/circle'
import type { ActionName, OutputOf, ParsedInput, Role } from '../core/contract'
import type { DashboardView, MemberRow } from '../core/contracts/stats'
import { personalCoupon } from '../core/coupons'
import { DomainError } from '../core/errors'
import { CSV_BOM, csvRow } from '../core/event'
import { PRODUCT_LABELS } from '../core/money/ledger'
import { assertCan, can } from '../core/permissions'
import type { CircleRecord, MembershipRecord } from '../core/records'
import { settingsOf } from '../core/settings'
import {
  addDays,
  channelField,
  channelOf,
  dayLabel,
  dayRange,
  daysEnding,
  DIRECT_CHANNEL,
  normalizeTags,
  rateBps,
  SEGMENT_LABELS,
  type SegmentFilter,
  sumDays,
  validateSegmentRules,
  visitId,
  winBackMonth,
} from '../core/stats'
import { inShanghai, shanghaiDayKey } from '../core/time'
import { cmd, db, getMany, newestFirst } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { notify } from '../runtime/notifications'
import { checkins } from '../runtime/repos/challenges'
import { circles } from '../runtime/repos/circles'
import { coupons } from '../runtime/repos/coupons'
import { grantId } from '../runtime/repos/notifications'
import { memberStats, READ_PAGE, statsDaily, statsLive } from '../runtime/repos/stats'
import { terms } from '../runtime/repos/terms'
import { accessIn } from '../runtime/session'
import { grantsLeft, sendSubscribed } from '../runtime/subscribe'
import { renewalTemplateId } from '../runtime/templates'
import { computeDay } from './aggregate'

type In<A extends ActionName<'stats'>> = ParsedInput<'stats', A>
type Out<A extends ActionName<'stats'>> = Promise<OutputOf<'stats', A>>

const iso = (d: Date | string) => new Date(d).toISOString()
const LIST_PAGE = 20
/** Rows per export call: two reads at most, well inside a function call. */
export const EXPORT_PAGE = 500

async function teamCircle(
  circleId: string,
  ctx: ActionContext,
  permission: 'stats.view' | 'stats.act' | 'stats.notes',
) {
  const circle = await circles.require(circleId)
  const { role } = await accessIn(circle._id, ctx.openid, ctx.now, circle)
  assertCan(role, permission)
  return { circle, role }
}

// ---------- landing counters ----------

/** Counted once per signed-in visitor per circle, kind and day; anonymous views count nothing (nobody to de-duplicate by). */
export async function track(input: In<'track'>, ctx: ActionContext): Out<'track'> {
  if (!ctx.caller) return { counted: false }
  const circle = await circles.get(input.circleId)
  if (!circle || circle.status !== 'active') return { counted: false }
  const day = shanghaiDayKey(ctx.now)
  const channel = channelField(channelOf(input.channel))
  const counted = await statsLive.countVisit(
    {
      _id: visitId(circle._id, day, input.kind, ctx.caller),
      circleId: circle._id,
      day,
      kind: input.kind,
      openid: ctx.caller,
      channel,
      at: ctx.now,
    },
    channel,
  )
  return { counted }
}

// ---------- dashboard ----------

export async function dashboard(input: In<'dashboard'>, ctx: ActionContext): Out<'dashboard'> {
  const { circle } = await teamCircle(input.circleId, ctx, 'stats.view')
  const today = shanghaiDayKey(ctx.now)
  const yesterday = addDays(today, -1)
  const seriesDays = daysEnding(yesterday, 30)
  const n = input.period === '7d' ? 7 : 30
  const days = input.period === 'today' ? [today] : daysEnding(yesterday, n)
  const window =
    input.period === 'today'
      ? { from: dayRange(today).from, to: ctx.now }
      : { from: dayRange(days[0]).from, to: dayRange(yesterday).to }
  const [stored, live, renewal] = await Promise.all([
    statsDaily.range(circle._id, seriesDays[0], yesterday),
    input.period === 'today' ? computeDay(circle, today, { to: ctx.now, maxPages: 1 }) : null,
    terms.counts({ circleId: circle._id, from: window.from, to: window.to }),
  ])
  const byDay = new Map(stored.map((d) => [d.day, d]))
  const figures = live
    ? sumDays([live.figures])
    : sumDays(days.flatMap((d) => (byDay.get(d) ? [byDay.get(d)!.figures] : [])))
  const due = renewal.pending + renewal.renewed
  const view: DashboardView = {
    period: input.period,
    days,
    ...figures,
    members: { ...figures.members, total: circle.memberCount },
    renewal: { due, renewed: renewal.renewed, rateBps: rateBps(renewal.renewed, due) },
    series: seriesDays.map((day) => {
      const f = byDay.get(day)?.figures
      return {
        day,
        newMembers: f?.members.new ?? 0,
        active: f?.active ?? 0,
        posts: f?.content.posts ?? 0,
        comments: f?.content.comments ?? 0,
        paid: f ? f.funnel.reduce((s, r) => s + r.paid, 0) : 0,
        netFen: f ? f.income.reduce((s, r) => s + r.netFen, 0) : 0,
      }
    }),
    partial: live ? !live.complete : false,
    computedThrough: stored.length ? stored[stored.length - 1].day : null,
  }
  return view
}

// ---------- segments ----------

function expiringWindow(circle: CircleRecord, now: Date) {
  return { from: now, to: new Date(now.getTime() + settingsOf(circle).segments.expiringDays * 86_400_000) }
}

async function segmentsView(circle: CircleRecord, now: Date): Promise<OutputOf<'stats', 'segments'>> {
  const [counts, latest] = await Promise.all([
    memberStats.counts(circle._id, expiringWindow(circle, now)),
    statsDaily.latest(circle._id),
  ])
  return {
    rules: settingsOf(circle).segments,
    counts: { core: counts.core, potential: counts.potential, silent: counts.silent, expiring: counts.expiring },
    computedFor: latest?.day ?? null,
  }
}

export async function segments(input: In<'segments'>, ctx: ActionContext): Out<'segments'> {
  const { circle } = await teamCircle(input.circleId, ctx, 'stats.view')
  return segmentsView(circle, ctx.now)
}

/** New rules apply from the next nightly run (the counts say which day they were made for). */
export async function saveRules(input: In<'saveRules'>, ctx: ActionContext): Out<'saveRules'> {
  const { circle } = await teamCircle(input.circleId, ctx, 'stats.act')
  const rules = validateSegmentRules(input.rules)
  await circles.update(circle._id, { settings: { segments: rules } })
  return segmentsView({ ...circle, settings: { ...circle.settings, segments: rules } }, ctx.now)
}

/** The where and order of a segment's (or the list's) members; unclassified members count as potential. */
function memberQuery(
  circle: CircleRecord,
  filter: {
    segment?: SegmentFilter
    role?: Role
    tag?: string
    channel?: string
    expiry?: 'expiring' | 'none'
    q?: string
  },
  now: Date,
) {
  const _ = cmd()
  const where: Record<string, unknown> = { circleId: circle._id, status: 'active' }
  let order: 'joined' | 'expires' = 'joined'
  // a segment is of members: the owner is never in one
  if (filter.segment) where.role = _.neq('owner')
  if (filter.segment === 'core' || filter.segment === 'silent') where.segment = filter.segment
  if (filter.segment === 'potential') where.segment = _.nin(['core', 'silent'])
  if (filter.segment === 'expiring' || filter.expiry === 'expiring') {
    const w = expiringWindow(circle, now)
    where.expiresAt = _.gte(w.from).and(_.lte(w.to))
    order = 'expires'
  } else if (filter.expiry === 'none') where.expiresAt = null
  if (filter.role) where.role = filter.role
  if (filter.tag) where['crm.tags'] = filter.tag
  if (filter.channel) where['source.channel'] = filter.channel === DIRECT_CHANNEL ? null : filter.channel
  if (filter.q)
    where['user.nickname'] = db().RegExp({ regexp: `^${filter.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, options: '' })
  return { where, order }
}

function memberRow(m: MembershipRecord, owner: boolean): MemberRow {
  return {
    openid: m.openid,
    nickname: m.user.nickname,
    avatarUrl: m.user.avatarUrl,
    role: m.role,
    joinedAt: iso(m.joinedAt),
    expiresAt: m.expiresAt ? iso(m.expiresAt) : null,
    segment: m.segment ?? 'potential',
    channel: m.source?.channel ?? null,
    lastActiveDay: m.activity?.lastDay ?? null,
    tags: owner ? (m.crm?.tags ?? []) : [],
    note: owner ? (m.crm?.note ?? '') : '',
  }
}

export async function members(input: In<'members'>, ctx: ActionContext): Out<'members'> {
  const { circle, role } = await teamCircle(input.circleId, ctx, 'stats.view')
  const q = memberQuery(circle, input, ctx.now)
  const page = await memberStats.list({ circleId: circle._id, ...q, cursor: input.cursor, limit: LIST_PAGE })
  const owner = can(role, 'stats.notes')
  return { items: page.rows.map((m) => memberRow(m, owner)), nextCursor: page.nextCursor }
}

export async function tagMember(input: In<'tagMember'>, ctx: ActionContext): Out<'tagMember'> {
  const { circle } = await teamCircle(input.circleId, ctx, 'stats.notes')
  const id = `${circle._id}:${input.openid}`
  const [m] = await getMany<MembershipRecord>('memberships', [id])
  if (!m) throw new DomainError('not_found', undefined, 'openid')
  const crm = { tags: normalizeTags(input.tags), note: input.note }
  await memberStats.setCrm(id, crm)
  return memberRow({ ...m, crm }, true)
}

// ---------- actions on a segment ----------

async function segmentPage(circle: CircleRecord, segment: SegmentFilter, cursor: string | undefined, now: Date) {
  const q = memberQuery(circle, { segment }, now)
  return memberStats.list({ circleId: circle._id, ...q, cursor, limit: READ_PAGE })
}

/** A win-back coupon's code: from the circle, the member and the month, so each gets one a month. */
export function winBackCode(circleId: string, openid: string, month: string): string {
  return 'WB' + createHash('sha256').update(`${circleId}:${openid}:${month}`).digest('hex').slice(0, 10).toUpperCase()
}

const renewPath = (circleId: string) => `/packagePay/pages/renew/index?circleId=${encodeURIComponent(circleId)}`

/**
 * A personal coupon for each member of the segment (the machinery of challenge rewards: unlisted,
 * one holder, one use, for entry / renewal / a course). The code derives from the member and the
 * month, so a repeated action issues nothing new; each new coupon is announced in-app.
 */
export async function winBack(input: In<'winBack'>, ctx: ActionContext): Out<'winBack'> {
  const { circle } = await teamCircle(input.circleId, ctx, 'stats.act')
  const page = await segmentPage(circle, input.segment, input.cursor, ctx.now)
  const month = winBackMonth(ctx.now)
  const members = page.rows.filter((m) => m.role !== 'owner')
  const records = members.map((m) =>
    personalCoupon({
      circleId: circle._id,
      code: winBackCode(circle._id, m.openid, month),
      title: `${circle.name} 回归礼券`,
      holder: m.openid,
      amountFen: input.amountFen,
      days: input.days,
      createdBy: ctx.openid,
      now: ctx.now,
    }),
  )
  const added = await coupons.addNew(records)
  const yuan = (input.amountFen / 100).toFixed(2)
  await notify(
    added.map((c) => ({
      id: `winback:${c._id}`,
      openid: c.holder!,
      circleId: circle._id,
      kind: 'system' as const,
      title: `「${circle.name}」送你一张回归礼券`,
      body: `${yuan} 元优惠券，券码 ${c.code}，${input.days} 天内续费、入圈或买课时可用。`,
      link: renewPath(circle._id),
    })),
    ctx.now,
  )
  return { issued: added.length, already: records.length - added.length, messages: 0, nextCursor: page.nextCursor }
}

/**
 * A reminder to each member of a segment, once per member, segment and day: in-app always, and a
 * subscription message (the renewal-reminder template) where the member has a grant left.
 */
export async function remind(input: In<'remind'>, ctx: ActionContext): Out<'remind'> {
  const { circle } = await teamCircle(input.circleId, ctx, 'stats.act')
  const page = await segmentPage(circle, input.segment, input.cursor, ctx.now)
  const day = shanghaiDayKey(ctx.now)
  const members = page.rows.filter((m) => m.openid !== ctx.openid)
  const idOf = (m: MembershipRecord) => `remind_segment:${circle._id}:${input.segment}:${day}:${m.openid}`
  await notify(
    members.map((m) => ({
      id: idOf(m),
      openid: m.openid,
      circleId: circle._id,
      kind: 'system' as const,
      title: `来自「${circle.name}」的提醒`,
      body: input.text,
      link: `/packageCircle/pages/circle/index?id=${encodeURIComponent(circle._id)}`,
    })),
    ctx.now,
  )
  // the renewal reminder's template (会员到期提醒: circle, date, a short note) carries the owner's words
  const templateId = renewalTemplateId()
  const left = await grantsLeft(members.map((m) => ({ openid: m.openid, templateId })))
  let messages = 0
  for (const m of members) {
    if ((left.get(grantId(m.openid, templateId)) ?? 0) <= 0) continue
    try {
      const outcome = await sendSubscribed(
        idOf(m),
        {
          touser: m.openid,
          templateId,
          page: renewPath(circle._id),
          data: {
            thing1: { value: [...circle.name].slice(0, 20).join('') },
            date2: { value: inShanghai(m.expiresAt ?? ctx.now).format('YYYY年M月D日') },
            thing3: { value: [...input.text].slice(0, 20).join('') },
          },
        },
        ctx.now,
      )
      if (outcome === 'sent') messages += 1
    } catch (error) {
      console.error('[stats] reminder message failed', m._id, error)
    }
  }
  return { notified: members.length, messages, nextCursor: page.nextCursor }
}

// ---------- exports (CSV pages; the app joins them) ----------

const timeText = (d: Date | string | null | undefined) => (d ? inShanghai(d).format('YYYY-MM-DD HH:mm') : '')
const yuan = (fen: number) => (fen / 100).toFixed(2)
const ORDER_STATUS_TEXT: Record<string, string> = {
  pending: '待支付',
  paid: '已支付',
  refunded: '已退款',
  partially_refunded: '部分退款',
  closed: '已关闭',
}

export async function exportCsv(input: In<'export'>, ctx: ActionContext): Out<'export'> {
  const { circle, role } = await teamCircle(input.circleId, ctx, 'stats.act')
  const first = !input.cursor
  const head = (cells: string[]) => (first ? CSV_BOM + csvRow(cells) : '')
  if (input.kind === 'members') {
    const owner = can(role, 'stats.notes')
    const page = await memberStats.list({
      circleId: circle._id,
      where: { circleId: circle._id, status: 'active' },
      order: 'joined',
      cursor: input.cursor,
      limit: EXPORT_PAGE,
    })
    let csv = head([
      '昵称',
      '角色',
      '分群',
      '渠道',
      '标签',
      ...(owner ? ['备注'] : []),
      '加入时间',
      '到期时间',
      '最近活跃',
    ])
    for (const m of page.rows) {
      const r = memberRow(m, owner)
      csv += csvRow([
        r.nickname,
        ROLE_LABELS[r.role],
        SEGMENT_LABELS[r.segment],
        channelOf(r.channel),
        r.tags.join(' '),
        ...(owner ? [r.note] : []),
        timeText(r.joinedAt),
        r.expiresAt ? timeText(r.expiresAt) : '长期',
        r.lastActiveDay ? dayLabel(r.lastActiveDay) : '',
      ])
    }
    return { csv, rows: page.rows.length, nextCursor: page.nextCursor }
  }
  if (input.kind === 'orders') {
    const page = await newestFirst<import('../core/money').OrderRecord>(
      'orders',
      { circleId: circle._id },
      input.cursor,
      EXPORT_PAGE,
    )
    let csv = head([
      '订单号',
      '商品类型',
      '商品',
      '买家',
      '金额(元)',
      '已退款(元)',
      '状态',
      '渠道',
      '下单时间',
      '支付时间',
    ])
    for (const o of page.rows) {
      csv += csvRow([
        o._id,
        PRODUCT_LABELS[o.product.kind] ?? o.product.kind,
        o.product.title,
        o.buyer,
        yuan(o.amountFen),
        yuan(o.refundedFen ?? 0),
        ORDER_STATUS_TEXT[o.status] ?? o.status,
        channelOf(o.inviteChannel),
        timeText(o.createdAt),
        timeText(o.paidAt),
      ])
    }
    return { csv, rows: page.rows.length, nextCursor: page.nextCursor }
  }
  if (input.kind === 'income') {
    // the income statement: the last 90 finished days, a line per day and product (one page)
    const yesterday = addDays(shanghaiDayKey(ctx.now), -1)
    const days = await statsDaily.range(circle._id, addDays(yesterday, -89), yesterday)
    let csv = head(['日期', '商品', '收入(元)', '退款(元)', '手续费(元)', '净收入(元)'])
    let rows = 0
    const total = { grossFen: 0, refundFen: 0, feeFen: 0, netFen: 0 }
    for (const d of days) {
      for (const line of d.figures.income) {
        csv += csvRow([
          `${d.day.slice(0, 4)}-${d.day.slice(4, 6)}-${d.day.slice(6, 8)}`,
          line.kind,
          yuan(line.grossFen),
          yuan(line.refundFen),
          yuan(line.feeFen),
          yuan(line.netFen),
        ])
        for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += line[k]
        rows += 1
      }
    }
    csv += csvRow(['合计', '', yuan(total.grossFen), yuan(total.refundFen), yuan(total.feeFen), yuan(total.netFen)])
    return { csv, rows, nextCursor: null }
  }
  // checkins of one challenge, in the order they were made
  if (!input.challengeId) throw new DomainError('invalid_argument', undefined, 'challengeId')
  const [challenge] = await getMany<{ _id: string; circleId: string; title: string }>('challenges', [input.challengeId])
  if (!challenge || challenge.circleId !== circle._id) throw new DomainError('not_found', undefined, 'challengeId')
  const page = await checkins.ofChallenge(challenge._id, input.cursor, EXPORT_PAGE)
  const people = new Map(
    (
      await getMany<{ _id: string; openid: string; nickname: string }>('challengeParticipants', [
        ...new Set(page.rows.map((c) => `${challenge._id}:${c.openid}`)),
      ])
    ).map((p) => [p.openid, p.nickname]),
  )
  let csv = head(['日期', '昵称', '内容', '补卡', '打卡时间'])
  for (const c of page.rows)
    csv += csvRow([
      `${c.day.slice(0, 4)}-${c.day.slice(4, 6)}-${c.day.slice(6, 8)}`,
      people.get(c.openid) ?? '',
      c.text,
      c.makeup ? '是' : '',
      timeText(c.createdAt),
    ])
  return { csv, rows: page.rows.length, nextCursor: page.nextCursor }
}

export { exportCsv as export }
