/** The `qa` function's actions (contract: core/contracts/qa.ts; rules: core/qa.ts; docs/qa.md). */
import { randomBytes } from 'crypto'
import { accessAt } from '../core/access'
import { assertOpen } from '../core/circle'
import type { ActionName, OutputOf, ParsedInput, Role } from '../core/contract'
import type { AnswererView } from '../core/contracts/qa'
import { DomainError } from '../core/errors'
import { LIMITS, QA_LIMITS } from '../core/limits'
import {
  DEFAULT_SPLIT_RULES,
  checkGuestShare,
  guestShareFor,
  guestShareMaxBps,
  newOrder,
  newOrderId,
  ownerAccount,
  userAccount,
  type QaPayees,
  type SettlementSnapshot,
} from '../core/money'
import { settlementFor, settlementMode } from '../runtime/merchants'
import { assertMayPublish } from '../core/moderation'
import { can, assertCan } from '../core/permissions'
import {
  assertCanBeAsked,
  assertPeekable,
  canSee,
  decideAnswer,
  decideDecline,
  freeQuestionLeft,
  newQuestion,
  quotaId,
  receivedNotice,
  questionView,
  relationOf,
  type AnswererRecord,
  type QuestionRecord,
  type QuestionView,
} from '../core/qa'
import type { CircleRecord, MembershipRecord } from '../core/records'
import { settingsOf } from '../core/settings'
import { checkContent } from '../runtime/contentSecurity'
import { getMany, transaction } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { newId } from '../runtime/ids'
import { cashierFor, sellingChannel } from '../runtime/checkout'
import { awardPoints } from '../runtime/points'
import { circles, memberships } from '../runtime/repos/circles'
import { orders } from '../runtime/repos/money'
import { answerers, peeks, questions, quotas } from '../runtime/repos/questions'
import { profileOf } from '../runtime/session'
import { notify } from '../runtime/notifications'
import { saleView } from '../runtime/sale'
import { peekOrderId, qaUrl } from './ids'
import { refundQuestion } from './refund'

type In<A extends ActionName<'qa'>> = ParsedInput<'qa', A>
type Out<A extends ActionName<'qa'>> = Promise<OutputOf<'qa', A>>

/** The caller's access in the circle now: `role` to act (ask, peek, answer), `readRole` to read (also in grace). */
async function accessIn(circle: CircleRecord, openid: string | null, now: Date) {
  const membership = openid ? await memberships.get(circle._id, openid) : null
  return { membership, ...accessAt(membership, circle, now) }
}

async function loadQuestion(questionId: string): Promise<QuestionRecord> {
  const q = await questions.get(questionId)
  if (!q) throw new DomainError('not_found', undefined, 'questionId')
  return q
}

/** A question and its circle, as a reader who may see it (a private question is the two people's only). */
async function readable(questionId: string, ctx: ActionContext) {
  const q = await loadQuestion(questionId)
  const [circle, peeked] = await Promise.all([
    circles.require(q.circleId),
    ctx.caller ? peeks.get(q._id, ctx.caller) : Promise.resolve(null),
  ])
  const access = await accessIn(circle, ctx.caller, ctx.now)
  const relation = relationOf(q, ctx.caller, !!peeked)
  // The asker and the answerer always see their own question; anyone else must be able to read the circle.
  if (relation !== 'asker' && relation !== 'answerer') {
    if (access.readRole === null) throw new DomainError('not_member')
    if (!canSee(q, relation)) throw new DomainError('not_found', undefined, 'questionId')
  }
  return { q, circle, access, peeked: !!peeked, relation }
}

const viewOf = (q: QuestionRecord, circle: CircleRecord, viewer: string | null, peeked: boolean): QuestionView =>
  questionView(q, { viewer, peeked, peekPriceFen: settingsOf(circle).qa.peekPriceFen })

/** Q&A orders carry only the fees of the circle's rules: no referral or partner share (docs/qa.md). */
const qaSplitRules = (circle: CircleRecord) => ({
  ...(circle.splitRules ?? DEFAULT_SPLIT_RULES),
  referrerBps: 0,
  partners: [],
})

const walletOf = (circleId: string, openid: string, role: Role) =>
  role === 'owner' ? ownerAccount(circleId) : userAccount(openid)

/**
 * Who earns a Q&A order. 平台收付通 with a guest answering: the guest's configured share of the
 * order, limited to what the 30 % cap leaves after the platform fee (an asker is never refused for
 * it; the owner was told when saving), paid by 分账; the owner's sub-merchant keeps the rest.
 */
function qaPayees(
  circle: CircleRecord,
  answerer: { openid: string; role: Role },
  settlement: SettlementSnapshot,
  peek?: { asker: QaPayees['asker']; askerShareBps: number },
): QaPayees {
  const payees: QaPayees = { answerer: walletOf(circle._id, answerer.openid, answerer.role), ...(peek ?? {}) }
  if (settlement.mode !== 'platform' || answerer.role === 'owner') return payees
  const share = guestShareFor(settingsOf(circle).qa.guestShareBps, qaSplitRules(circle).platformFeeBps)
  return { ...payees, answererShareBps: share }
}

// ---------- reading ----------

export async function home(input: In<'home'>, ctx: ActionContext): Out<'home'> {
  const circle = await circles.require(input.circleId)
  const access = await accessIn(circle, ctx.caller, ctx.now)
  if (access.readRole === null) throw new DomainError('not_member')
  const settings = settingsOf(circle).qa
  const priced = await answerers.ofCircle(circle._id)
  const ms = await getMany<MembershipRecord>(
    'memberships',
    priced.map((a) => `${circle._id}:${a.openid}`),
  )
  const byOpenid = new Map(ms.map((m) => [m.openid, m]))
  const list: AnswererView[] = []
  for (const a of priced) {
    const m = byOpenid.get(a.openid) ?? null
    const role = accessAt(m, circle, ctx.now).role
    if (!m || (role !== 'owner' && role !== 'guest')) continue
    list.push({
      openid: a.openid,
      nickname: m.user.nickname,
      avatarUrl: m.user.avatarUrl,
      role,
      priceFen: a.priceFen,
      answeredCount: a.answeredCount ?? 0,
    })
  }
  list.sort((x, y) => (x.role === y.role ? x.priceFen - y.priceFen : x.role === 'owner' ? -1 : 1))
  const used =
    ctx.caller && access.role ? ((await quotas.get(quotaId(circle._id, ctx.caller, access.expiresAt)))?.used ?? 0) : 0
  const mine = ctx.caller ? priced.find((a) => a.openid === ctx.caller) : undefined
  return {
    circleId: circle._id,
    circleName: circle.name,
    settings,
    presetsFen: [...QA_LIMITS.pricePresetsFen],
    answerers: list,
    sale: { question: saleView('question', ctx.device), peek: saleView('peek', ctx.device) },
    guestShareMaxBps: settlementMode() === 'platform' ? guestShareMaxBps(qaSplitRules(circle).platformFeeBps) : null,
    viewer: {
      openid: ctx.caller,
      role: access.readRole,
      canAsk: can(access.role, 'qa.ask'),
      canAnswer: can(access.role, 'qa.answer'),
      canManage: can(access.role, 'circle.settings'),
      freeLeft: access.role ? freeQuestionLeft(settings, used) : 0,
      myPriceFen: mine?.priceFen ?? null,
    },
  }
}

export async function feed(input: In<'feed'>, ctx: ActionContext): Out<'feed'> {
  const circle = await circles.require(input.circleId)
  const access = await accessIn(circle, ctx.caller, ctx.now)
  if (access.readRole === null) throw new DomainError('not_member')
  const page = await questions.listed(circle._id, input.cursor, LIMITS.pageSize)
  const peeked = ctx.caller
    ? await peeks.of(
        page.rows.map((q) => q._id),
        ctx.caller,
      )
    : new Set<string>()
  return { items: page.rows.map((q) => viewOf(q, circle, ctx.caller, peeked.has(q._id))), nextCursor: page.nextCursor }
}

export async function get(input: In<'get'>, ctx: ActionContext): Out<'get'> {
  const { q, circle, peeked } = await readable(input.questionId, ctx)
  return viewOf(q, circle, ctx.caller, peeked)
}

export async function mine(input: In<'mine'>, ctx: ActionContext): Out<'mine'> {
  const circle = await circles.require(input.circleId)
  const access = await accessIn(circle, ctx.openid, ctx.now)
  if (access.readRole === null) throw new DomainError('not_member')
  const page =
    input.box === 'asked'
      ? await questions.askedBy(circle._id, ctx.openid, input.cursor, LIMITS.pageSize)
      : await questions.waitingFor(circle._id, ctx.openid, input.cursor, LIMITS.pageSize)
  return { items: page.rows.map((q) => viewOf(q, circle, ctx.openid, false)), nextCursor: page.nextCursor }
}

// ---------- asking ----------

export async function ask(input: In<'ask'>, ctx: ActionContext): Out<'ask'> {
  const circle = await circles.require(input.circleId)
  assertOpen(circle)
  const access = await accessIn(circle, ctx.openid, ctx.now)
  assertCan(access.role, 'qa.ask')
  // Asking publishes: a muted member, mute-all and quiet hours hold it like a post.
  assertMayPublish({ access, membership: access.membership, circle, now: ctx.now })
  const [answererM, priced] = await Promise.all([
    memberships.get(circle._id, input.answerer),
    answerers.get(circle._id, input.answerer),
  ])
  const answererRole = accessAt(answererM, circle, ctx.now).role
  const who = { asker: ctx.openid, answerer: input.answerer, answererRole, priced }
  assertCanBeAsked(who)
  const verdict = await checkContent({
    openid: ctx.openid,
    scene: 'question',
    texts: [input.text],
    images: input.images,
  })
  if (verdict === 'risky') throw new DomainError('content_risky', undefined, 'text')
  const settings = settingsOf(circle).qa
  // The name and avatar as the circle shows them (an active asker always has a membership).
  const askerUser = access.membership?.user ?? (await profileOf(ctx.openid, ctx.now)).user
  const asker = { openid: ctx.openid, user: { nickname: askerUser.nickname, avatarUrl: askerUser.avatarUrl } }
  const answerer = { openid: input.answerer, user: answererM!.user, role: answererRole as 'owner' | 'guest' }
  const qid = newId(ctx.now)
  const common = {
    id: qid,
    circleId: circle._id,
    asker,
    answerer,
    text: input.text,
    images: input.images,
    anonymous: input.anonymous,
    isPublic: input.isPublic,
    held: verdict === 'review',
    expireHours: settings.expireHours,
    now: ctx.now,
  }

  // Free from the quota while any is left this term (counted in the same transaction as the question).
  const quota = quotaId(circle._id, ctx.openid, access.expiresAt)
  if (settings.freeQuestionsPerTerm > 0) {
    const free = await transaction(async (tx) => {
      const used = (await quotas.get(quota, tx))?.used ?? 0
      if (freeQuestionLeft(settings, used) <= 0) return null
      const q = newQuestion({ ...common, priceFen: 0, quotaId: quota, orderId: null, payBy: null })
      await quotas.put({ _id: quota, circleId: circle._id, openid: ctx.openid, used: used + 1 }, tx)
      await questions.put(q, tx)
      return q
    })
    if (free) {
      await notifyReceived(free)
      return { question: viewOf(free, circle, ctx.openid, false), pay: null }
    }
  }

  const channel = sellingChannel('question', input.platform).name
  const settlement = await settlementFor(circle, channel, ctx.openid)
  const order = newOrder({
    id: newOrderId(ctx.now, randomBytes(8).toString('hex')),
    buyer: ctx.openid,
    circleId: circle._id,
    circleName: circle.name,
    product: { kind: 'question', id: qid, title: `向${answerer.user.nickname}提问` },
    priceBreakdown: { baseFen: priced!.priceFen, discountFen: 0 },
    splitRules: qaSplitRules(circle),
    channel,
    qa: qaPayees(circle, { openid: input.answerer, role: answerer.role }, settlement),
    settlement,
    now: ctx.now,
  })
  const q = newQuestion({
    ...common,
    priceFen: order.amountFen,
    quotaId: null,
    orderId: order._id,
    payBy: order.expiresAt,
  })
  await transaction(async (tx) => {
    await questions.put(q, tx)
    await orders.put(order, tx)
  })
  return { question: viewOf(q, circle, ctx.openid, false), pay: await cashierFor(order, ctx.now) }
}

async function notifyReceived(q: QuestionRecord) {
  await notify([receivedNotice(q)], q.updatedAt)
}

// ---------- answering ----------

export async function answer(input: In<'answer'>, ctx: ActionContext): Out<'answer'> {
  const q0 = await loadQuestion(input.questionId)
  const circle = await circles.require(q0.circleId)
  const access = await accessIn(circle, ctx.openid, ctx.now)
  assertCan(access.role, 'qa.answer')
  if (q0.answerer !== ctx.openid) throw new DomainError('forbidden')
  const verdict = await checkContent({ openid: ctx.openid, scene: 'answer', texts: [input.text], images: input.images })
  if (verdict === 'risky') throw new DomainError('content_risky', undefined, 'text')
  const done = await transaction(async (tx) => {
    const q = await questions.get(q0._id, tx)
    if (!q) throw new DomainError('not_found', undefined, 'questionId')
    const order = q.orderId ? await orders.get(q.orderId, tx) : null
    // The owner may have refunded the order: then no answer (the money went back).
    const orderRefunded = !!order && order.refunds.some((r) => r.status !== 'failed')
    const next = decideAnswer(q, {
      openid: ctx.openid,
      text: input.text,
      images: input.images,
      held: verdict === 'review',
      orderRefunded,
      now: ctx.now,
    })
    await questions.put(next, tx)
    // Answered: the income may settle after its refund window, like any other.
    if (order) await orders.update(order._id, { holdSettlement: false, updatedAt: ctx.now }, tx)
    // Always there: only a priced answerer can be asked.
    await answerers.countAnswer(q.circleId, ctx.openid, tx)
    return next
  })
  await notify(
    [
      {
        id: `question_answered:${done._id}`,
        openid: done.asker,
        circleId: done.circleId,
        kind: 'question_answered',
        title: '你的提问有了回答',
        body: (input.text || '[图片]').slice(0, 60),
        link: qaUrl(done._id),
      },
    ],
    ctx.now,
  )
  await awardPoints([{ circleId: done.circleId, openid: ctx.openid, reason: 'answer', refId: done._id }], ctx.now)
  return viewOf(done, circle, ctx.openid, false)
}

export async function decline(input: In<'decline'>, ctx: ActionContext): Out<'decline'> {
  const q0 = await loadQuestion(input.questionId)
  const circle = await circles.require(q0.circleId)
  const access = await accessIn(circle, ctx.openid, ctx.now)
  assertCan(access.role, 'qa.answer')
  if (q0.answerer !== ctx.openid) throw new DomainError('forbidden')
  const done = await refundQuestion(q0._id, ctx.now, (q) =>
    decideDecline(q, { openid: ctx.openid, reason: input.reason, now: ctx.now }),
  )
  return viewOf(done ?? (await loadQuestion(q0._id)), circle, ctx.openid, false)
}

// ---------- peeking ----------

const MAX_PEEK_ATTEMPTS = 20

export async function peek(input: In<'peek'>, ctx: ActionContext): Out<'peek'> {
  const q = await loadQuestion(input.questionId)
  const circle = await circles.require(q.circleId)
  const access = await accessIn(circle, ctx.openid, ctx.now)
  const already = await peeks.get(q._id, ctx.openid)
  const relation = relationOf(q, ctx.openid, !!already)
  if (relation === 'asker' || relation === 'answerer' || relation === 'peeked') {
    if (relation === 'peeked' && access.readRole === null) throw new DomainError('not_member')
    return { question: viewOf(q, circle, ctx.openid, !!already), pay: null, orderId: already?.orderId ?? null }
  }
  assertOpen(circle)
  assertCan(access.role, 'qa.peek')
  assertPeekable(q, relation)
  const settings = settingsOf(circle).qa
  const channel = sellingChannel('peek', input.platform).name
  const asker = userAccount(q.asker)
  for (let attempt = 1; attempt <= MAX_PEEK_ATTEMPTS; attempt++) {
    const id = peekOrderId(q._id, ctx.openid, attempt)
    const existing = await orders.get(id)
    if (existing) {
      if (existing.status === 'pending' && existing.expiresAt.getTime() > ctx.now.getTime()) {
        return {
          question: viewOf(q, circle, ctx.openid, false),
          pay: await cashierFor(existing, ctx.now),
          orderId: existing._id,
        }
      }
      if (existing.status === 'paid' && existing.fulfilledAt) {
        return { question: viewOf(q, circle, ctx.openid, true), pay: null, orderId: existing._id }
      }
      continue
    }
    const settlement = await settlementFor(circle, channel, ctx.openid)
    const order = newOrder({
      id,
      buyer: ctx.openid,
      circleId: circle._id,
      circleName: circle.name,
      product: { kind: 'peek', id: q._id, title: `偷看：${q.text.slice(0, 20)}` },
      priceBreakdown: { baseFen: settings.peekPriceFen, discountFen: 0 },
      splitRules: qaSplitRules(circle),
      channel,
      qa: qaPayees(circle, { openid: q.answerer, role: q.answererRole }, settlement, {
        asker,
        askerShareBps: settings.askerShareBps,
      }),
      settlement,
      now: ctx.now,
    })
    const created = await transaction(async (tx) => {
      // Two taps at once: the second finds the first's order (same id) and uses it.
      const again = await orders.get(id, tx)
      if (again) return again
      await orders.put(order, tx)
      return order
    })
    return {
      question: viewOf(q, circle, ctx.openid, false),
      pay: await cashierFor(created, ctx.now),
      orderId: created._id,
    }
  }
  throw new DomainError('conflict')
}

// ---------- settings ----------

export async function setPrice(input: In<'setPrice'>, ctx: ActionContext): Out<'setPrice'> {
  const circle = await circles.require(input.circleId)
  assertOpen(circle)
  const access = await accessIn(circle, ctx.openid, ctx.now)
  assertCan(access.role, 'qa.answer')
  const existing = await answerers.get(circle._id, ctx.openid)
  const record: AnswererRecord = {
    _id: `${circle._id}:${ctx.openid}`,
    circleId: circle._id,
    openid: ctx.openid,
    priceFen: input.priceFen,
    answeredCount: existing?.answeredCount ?? 0,
    createdAt: existing?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
  }
  await answerers.put(record)
  const m = access.membership!
  return {
    openid: ctx.openid,
    nickname: m.user.nickname,
    avatarUrl: m.user.avatarUrl,
    role: access.role as 'owner' | 'guest',
    priceFen: record.priceFen,
    answeredCount: record.answeredCount,
  }
}

export async function setSettings(input: In<'setSettings'>, ctx: ActionContext): Out<'setSettings'> {
  const circle = await circles.require(input.circleId)
  assertOpen(circle)
  const access = await accessIn(circle, ctx.openid, ctx.now)
  assertCan(access.role, 'circle.settings')
  const { circleId: _c, guestShareBps, ...rest } = input
  const qa = { ...rest, guestShareBps: guestShareBps ?? settingsOf(circle).qa.guestShareBps }
  // 平台收付通: the owner learns now, not an asker at pay time, that a guest share cannot fit the cap.
  if (settlementMode() === 'platform' && guestShareBps !== undefined)
    checkGuestShare(guestShareBps, qaSplitRules(circle).platformFeeBps)
  await circles.update(circle._id, { settings: { qa }, updatedAt: ctx.now } as never)
  return qa
}
