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
import { PAYOUTS, PLATFORM_FEE, ownerAccount } from './accounts'
import { journal, journalIds, type Journal } from './ledger'
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
 * The 分账 of a settled platform-mode order: the receivers' shares leave the owner's account (the
 * sub-merchant's balance). The platform's fee is the platform's own income (`platform:fee`); a
 * person's share goes to their WeChat balance (`payouts`). null when nobody is paid.
 */
export function platformSharingJournal(input: {
  orderId: string
  circleId: string
  receivers: readonly SharingReceiver[]
  at: Date
}): Journal | null {
  const receivers = input.receivers.filter((r) => r.amountFen > 0)
  if (receivers.length === 0) return null
  const total = sumFen(receivers.map((r) => r.amountFen))
  const platformFen = sumFen(receivers.filter((r) => r.account === PLATFORM_FEE).map((r) => r.amountFen))
  const entries: Entry[] = [{ account: ownerAccount(input.circleId), bucket: 'available', amountFen: -total }]
  if (platformFen > 0) entries.push({ account: PLATFORM_FEE, bucket: 'available', amountFen: platformFen })
  if (total - platformFen > 0) entries.push({ account: PAYOUTS, bucket: 'available', amountFen: total - platformFen })
  return journal({
    _id: journalIds.profitSharing(input.orderId),
    kind: 'profit_sharing',
    entries,
    orderId: input.orderId,
    withdrawalId: null,
    memo:
      platformFen > 0 && total > platformFen
        ? '分账：平台服务费与合伙人/推荐人分成'
        : platformFen > 0
          ? '分账：平台服务费'
          : '分账：合伙人/推荐人分成',
    postedAt: input.at,
  })
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
