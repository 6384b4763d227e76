/**
 * Settlement modes (docs/payments.md "Settlement modes"). Who holds the buyer's money decides how
 * owners and payees are paid:
 *
 * - `platform` (平台收付通): each owner is a 二级商户 (sub-merchant). A sale lands in the owner's
 *   own sub-merchant account, frozen for 分账; after the refund window the platform fee and the
 *   partner, referrer and peek-asker shares leave by ecommerce 分账 and the rest is unfrozen
 *   (完结分账); the owner withdraws their own balance to their bank card. The platform never
 *   collects a seller's money (no 二清).
 * - `self` (直连): one operator owns the merchant account and every circle; the owner's income is
 *   the operator's own and is never "paid out". Partners, referrers and peek askers are paid by
 *   分账 to their openid, or withdraw by 商家转账.
 *
 * WeChat caps 分账 at 30 % of an order by default. What counts against the cap depends on the mode:
 * in `platform` everything that leaves the seller (platform fee included); in `self` only what
 * leaves the operator (referrer, partners, askers). The cap is checked when rules are saved
 * (whatever channel sells) and again on every computed split before anything is sent.
 */
import { DomainError } from '../errors'
import type { AccountId, Entry } from './accounts'
import { BUYER_PAYMENTS, CHANNEL_FEE, PLATFORM_FEE, heldDepositsAccount, ownerAccount } from './accounts'
import { journal, journalIds, profitSharingJournal, type Journal } from './ledger'
import { BPS_DENOMINATOR, bpsOf, mulDivFloor, sumFen } from './fen'
import { splitOrder, splitQa, type QaPayees, type Share, type SplitRules } from './split'
import type { ChannelName } from '../vocabulary'

export type SettlementMode = 'platform' | 'self'
export const SETTLEMENT_MODES: readonly SettlementMode[] = ['platform', 'self']
export const DEFAULT_SETTLEMENT_MODE: SettlementMode = 'platform'

/** WeChat Pay's default 分账 cap: 30 % of the order. */
export const SHARING_CAP_BPS = 3000

/** The most 分账 may take from an order of this amount. */
export const sharingCapFen = (amountFen: number, capBps = SHARING_CAP_BPS): number =>
  mulDivFloor(amountFen, capBps, BPS_DENOMINATOR)

/** The share of every order the rules send away by 分账 in this mode (the worst case: a referral present). */
export function takenBps(
  rules: Pick<SplitRules, 'platformFeeBps' | 'referrerBps' | 'partners'>,
  mode: SettlementMode,
): number {
  const people = rules.referrerBps + rules.partners.reduce((t, p) => t + p.bps, 0)
  return mode === 'platform' ? rules.platformFeeBps + people : people
}

/** Refuses rules that could take more than the cap from an order, whatever channel sells it. */
export function checkSharingCap(
  rules: Pick<SplitRules, 'platformFeeBps' | 'referrerBps' | 'partners'>,
  mode: SettlementMode,
  capBps = SHARING_CAP_BPS,
): void {
  if (takenBps(rules, mode) > capBps)
    throw new DomainError('split_cap_exceeded', undefined, rules.partners.length > 0 ? 'partners' : 'referrerBps')
}

/**
 * 平台收付通: the most a guest answerer may be given of a paid question's amount — what the cap
 * leaves after the platform fee (27 % with the default 3 % fee).
 */
export const guestShareMaxBps = (platformFeeBps: number, capBps = SHARING_CAP_BPS): number =>
  Math.max(0, capBps - platformFeeBps)

/** Refuses, when the owner saves it, a guest share the cap cannot carry beside the platform fee. */
export function checkGuestShare(guestShareBps: number, platformFeeBps: number, capBps = SHARING_CAP_BPS): void {
  if (guestShareBps > guestShareMaxBps(platformFeeBps, capBps))
    throw new DomainError('guest_share_over_cap', undefined, 'guestShareBps')
}

/**
 * The guest's share an order snapshots: the configured one, limited to what the cap allows now
 * (the platform fee may have changed since it was saved) — a buyer is never refused for it.
 */
export const guestShareFor = (guestShareBps: number, platformFeeBps: number, capBps = SHARING_CAP_BPS): number =>
  Math.min(guestShareBps, guestShareMaxBps(platformFeeBps, capBps))

/** Refuses a computed 分账 that exceeds the cap: it is never sent. */
export function assertWithinCap(amountFen: number, takenFen: number, capBps = SHARING_CAP_BPS): void {
  if (takenFen > sharingCapFen(amountFen, capBps))
    throw new DomainError('split_cap_exceeded', `分账 ${takenFen} of ${amountFen} exceeds the cap`)
}

// ---------- platform mode: what the sub-merchant holds, what leaves by 分账 ----------

export interface SettlementSnapshot {
  mode: SettlementMode
  /** platform mode: the owner's 二级商户号 that receives the money. */
  subMchid?: string | null
}

/** What the order needs for the platform-mode split (a subset of OrderRecord). */
export interface PlatformOrder {
  _id: string
  amountFen: number
  circleId: string
  buyer: string
  referrer: string | null
  channel: ChannelName
  splitRules: SplitRules
  qa?: QaPayees | null
}

/**
 * The payment in platform mode: WeChat keeps its fee and the rest lands in the owner's
 * sub-merchant account, all of it the owner's until 分账. So the payment journal credits only the
 * channel fee and the owner; the other shares leave later by 分账 (platformSharing).
 */
export function platformPaymentShares(order: PlatformOrder): Share[] {
  const channelFen = bpsOf(order.amountFen, order.splitRules.channelFeeBps[order.channel])
  const shares: Share[] = []
  if (channelFen > 0) shares.push({ account: 'channel:fee', role: 'channel', amountFen: channelFen })
  shares.push({ account: ownerAccount(order.circleId), role: 'owner', amountFen: order.amountFen - channelFen })
  return shares
}

export interface SharingReceiver {
  /** `platform:fee` (the platform's own merchant) or `user:<openid>` (a person). */
  account: AccountId
  amountFen: number
}

/**
 * What leaves the sub-merchant by 分账 after the refund window: the platform fee and every share
 * that is not the owner's or the channel's, computed like the payment split on what the buyer
 * finally paid (the amount less refunds). Refused (never sent) when it exceeds the cap.
 */
export function platformSharing(order: PlatformOrder, netFen: number, capBps = SHARING_CAP_BPS): SharingReceiver[] {
  if (!Number.isSafeInteger(netFen) || netFen < 0 || netFen > order.amountFen)
    throw new Error(`bad net amount ${netFen}`)
  if (netFen === 0) return []
  const shares = order.qa
    ? splitQa({ amountFen: netFen, circleId: order.circleId, channel: order.channel, qa: order.qa }, order.splitRules)
    : splitOrder(
        {
          amountFen: netFen,
          circleId: order.circleId,
          buyer: order.buyer,
          referrer: order.referrer,
          channel: order.channel,
        },
        order.splitRules,
      )
  const out = new Map<AccountId, number>()
  for (const s of shares) {
    if (s.role === 'owner' || s.role === 'channel' || s.amountFen <= 0) continue
    // A guest answerer who is the owner's own account is the owner; only people and the platform leave.
    if (s.account !== PLATFORM_FEE && !s.account.startsWith('user:')) continue
    out.set(s.account, (out.get(s.account) ?? 0) + s.amountFen)
  }
  // A guest answerer is paid their configured share of the order (already within the cap, see
  // guestShareFor), not everything after the fees: the rest is the owner's, in their sub-merchant.
  const answerer = order.qa?.answerer
  if (answerer && answerer !== ownerAccount(order.circleId) && answerer.startsWith('user:')) {
    const guestFen = bpsOf(netFen, order.qa?.answererShareBps ?? 0)
    if (guestFen > 0) out.set(answerer, guestFen)
    else out.delete(answerer)
  }
  // A peek's asker is paid what 分账 can carry: their share is limited so the order stays within
  // the cap (the answerer keeps the rest). Nothing else is ever trimmed: it is refused instead.
  const askerAccount = order.qa?.asker && order.qa.asker !== ownerAccount(order.circleId) ? order.qa.asker : null
  if (askerAccount && out.has(askerAccount)) {
    const others = sumFen([...out].filter(([a]) => a !== askerAccount).map(([, fen]) => fen))
    const room = Math.max(0, sharingCapFen(netFen, capBps) - others)
    const asker = Math.min(out.get(askerAccount) as number, room)
    if (asker > 0) out.set(askerAccount, asker)
    else out.delete(askerAccount)
  }
  const receivers = [...out].map(([account, amountFen]) => ({ account, amountFen }))
  assertWithinCap(netFen, sumFen(receivers.map((r) => r.amountFen)), capBps)
  return receivers
}

/**
 * What each side of a platform-mode Q&A order earns, as the people see it: the people's shares
 * 分账 sends (a peek's asker limited to the cap's room, a guest answerer's configured share) and
 * the owner's rest in the sub-merchant (the amount less WeChat's fee and everything shared).
 */
export function platformQaEarnings(order: PlatformOrder): { account: AccountId; amountFen: number }[] {
  const receivers = platformSharing(order, order.amountFen)
  const channelFen = bpsOf(order.amountFen, order.splitRules.channelFeeBps[order.channel])
  const owner = order.amountFen - channelFen - sumFen(receivers.map((r) => r.amountFen))
  return [
    ...receivers.filter((r) => r.account !== PLATFORM_FEE),
    { account: ownerAccount(order.circleId), amountFen: owner },
  ]
}

/**
 * A refund after 分账: the platform returns its part of the fee first (分账回退, from the platform
 * merchant back to the sub-merchant), in proportion to the refund, all that is left on the last
 * refund. People's shares went to their WeChat balance and cannot be returned: the owner covers them.
 */
export function platformReturnFen(args: {
  sharedPlatformFen: number
  returnedFen: number
  netBeforeFen: number
  refundFen: number
}): number {
  const left = args.sharedPlatformFen - args.returnedFen
  if (left <= 0 || args.netBeforeFen <= 0) return 0
  if (args.refundFen >= args.netBeforeFen) return left
  return Math.min(left, mulDivFloor(left, args.refundFen, args.netBeforeFen))
}

/** Ids of the ecommerce calls of an order: deterministic, so a retry is the same request. */
export const ecommerceIds = {
  sharing: (orderId: string) => `${orderId}P`,
  finish: (orderId: string) => `${orderId}F`,
  returnOrder: (orderId: string, seq: number) => `${orderId}B${seq}`,
}

/**
 * The 分账 of a settled platform-mode order, out of the owner's account (the sub-merchant's
 * balance), each journal naming the sale: the platform's fee is the platform's own income
 * (`<orderId>:sharing`, the journal a later 分账回退 reads); the people's shares are credited to
 * their own accounts (`:sharing:people`), so a referrer, partner, guest or asker reads on their
 * statement what they earned and from which sale, and leave them again for their WeChat balance
 * (`:sharing:paid` → `payouts`: nobody withdraws them a second time). Empty when nobody is paid.
 */
export function platformSharingJournals(input: {
  orderId: string
  circleId: string
  /** What was sold (ledger's productMemo). */
  what: string
  receivers: readonly SharingReceiver[]
  at: Date
}): Journal[] {
  const receivers = input.receivers.filter((r) => r.amountFen > 0)
  const fee = receivers.filter((r) => r.account === PLATFORM_FEE)
  const people = receivers.filter((r) => r.account !== PLATFORM_FEE)
  const out = (_id: string, memo: string, to: readonly SharingReceiver[]): Journal =>
    journal({
      _id,
      kind: 'profit_sharing',
      entries: [
        { account: ownerAccount(input.circleId), bucket: 'available', amountFen: -sumFen(to.map((r) => r.amountFen)) },
        ...to.map((r): Entry => ({ account: r.account, bucket: 'available', amountFen: r.amountFen })),
      ],
      orderId: input.orderId,
      withdrawalId: null,
      memo: `${memo} · ${input.what}`,
      postedAt: input.at,
    })
  const journals: Journal[] = []
  if (fee.length > 0) journals.push(out(journalIds.profitSharing(input.orderId), '分账：平台服务费', fee))
  if (people.length > 0) {
    journals.push(out(journalIds.sharingToPeople(input.orderId), '分账：分成', people))
    const paidOut = profitSharingJournal({
      orderId: input.orderId,
      receivers: people,
      // a millisecond after the credit, so a newest-first statement reads "gone to 零钱" above it
      at: new Date(input.at.getTime() + 1),
      journalId: journalIds.sharingPaidOut(input.orderId),
    })
    if (paidOut) journals.push(paidOut)
  }
  return journals
}

/** 分账回退 before a refund: the platform gives back its part of the fee to the sub-merchant. */
export function sharingReturnJournal(input: {
  orderId: string
  circleId: string
  seq: number
  amountFen: number
  at: Date
}): Journal {
  return journal({
    _id: journalIds.sharingReturn(input.orderId, input.seq),
    kind: 'sharing_return',
    entries: [
      { account: PLATFORM_FEE, bucket: 'available', amountFen: -input.amountFen },
      { account: ownerAccount(input.circleId), bucket: 'available', amountFen: input.amountFen },
    ],
    orderId: input.orderId,
    withdrawalId: null,
    memo: '分账回退：平台退回服务费（用于退款）',
    postedAt: input.at,
  })
}

// ---------- platform mode: challenge deposits (押金) ----------
//
// A deposit is paid into the circle owner's sub-merchant like any sale (partner JSAPI, sub_mchid,
// profit_sharing: the money stays frozen), never into the platform's own merchant: holding money
// for another seller's members and handing it over later would be 二清. While the challenge runs
// it is the members' money, held in `deposits:<circleId>` (WeChat already kept its fee). Completion
// refunds it from the frozen money (ecommerce refund; WeChat returns its fee in proportion). A
// deposit not earned back becomes the owner's income where it already is: the platform takes its
// fee by ecommerce 分账 (≤ 30 %, the same cap as every order) and 完结分账 unfreezes the rest.
// WeChat unfreezes what was never shared 180 days after payment, so a deposit challenge must end
// well before (DEPOSIT_HOLD_MAX_DAYS, checked when it is created).

/** The longest a platform-mode deposit may stay frozen before its challenge settles (WeChat's limit is 180 days). */
export const DEPOSIT_HOLD_MAX_DAYS = 170

/** Refuses a platform-mode deposit challenge that would end after its deposits are unfrozen by WeChat. */
export function assertDepositHoldFits(endsAt: Date, now: Date, mode: SettlementMode): void {
  if (mode !== 'platform') return
  if (endsAt.getTime() - now.getTime() > DEPOSIT_HOLD_MAX_DAYS * 24 * 3600 * 1000)
    throw new DomainError('challenge_deposit_too_long', undefined, 'startDay')
}

/** A deposit paid into the owner's sub-merchant: WeChat keeps its fee, the rest is held for the member. */
export function platformDepositPaymentJournal(
  order: Pick<PlatformOrder, '_id' | 'amountFen' | 'circleId' | 'channel' | 'splitRules'> & {
    product: { kind: string; title: string }
  },
  paidAt: Date,
): Journal {
  if (order.product.kind !== 'deposit') throw new Error(`order ${order._id} is not a deposit`)
  const channelFen = bpsOf(order.amountFen, order.splitRules.channelFeeBps[order.channel])
  const entries: Entry[] = [{ account: BUYER_PAYMENTS, bucket: 'available', amountFen: -order.amountFen }]
  if (channelFen > 0) entries.push({ account: CHANNEL_FEE, bucket: 'available', amountFen: channelFen })
  entries.push({
    account: heldDepositsAccount(order.circleId),
    bucket: 'available',
    amountFen: order.amountFen - channelFen,
  })
  return journal({
    _id: journalIds.payment(order._id),
    kind: 'payment',
    entries,
    orderId: order._id,
    withdrawalId: null,
    memo: `挑战押金 · ${order.product.title}（挑战结束前冻结在圈主的收款账户）`,
    postedAt: paidAt,
  })
}

/**
 * A platform-mode deposit forfeited: what the sub-merchant holds for the member (the deposit less
 * WeChat's fee, read from the payment journal) becomes the owner's income. The platform fee then
 * leaves by 分账 (platformSharing / platformSharingJournals, like a settled sale).
 */
export function platformForfeitJournal(
  order: { _id: string; circleId: string; product: { kind: string; title: string } },
  payment: Journal,
  at: Date,
): Journal {
  if (order.product.kind !== 'deposit') throw new Error(`order ${order._id} is not a deposit`)
  const held = heldDepositsAccount(order.circleId)
  const heldFen = sumFen(payment.entries.filter((e) => e.account === held).map((e) => e.amountFen))
  if (heldFen <= 0) throw new Error(`order ${order._id}: nothing held in ${held}`)
  return journal({
    _id: journalIds.forfeit(order._id),
    kind: 'forfeit',
    entries: [
      { account: held, bucket: 'available', amountFen: -heldFen },
      { account: ownerAccount(order.circleId), bucket: 'available', amountFen: heldFen },
    ],
    orderId: order._id,
    withdrawalId: null,
    memo: `押金未退（挑战未完成）· ${order.product.title}`,
    postedAt: at,
  })
}
