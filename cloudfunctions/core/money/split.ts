/**
 * Fee splitting (docs/money.md "Fee splitting"): one pure function turns an order and the circle's
 * rules into shares. Each non-owner share is floor(amount × bps / 10000); the owner gets the rest,
 * so the rounding remainder lands on the owner and never disappears; the shares sum to the order
 * amount exactly (asserted).
 */
import type { ChannelName } from '../vocabulary'
import { DomainError } from '../errors'
import type { AccountId } from './accounts'
import { CHANNEL_FEE, PLATFORM_FEE, ownerAccount, userAccount } from './accounts'
import { BPS_DENOMINATOR, assertFen, bpsOf, mulDivFloor, sumFen } from './fen'

export type ShareRole = 'platform' | 'channel' | 'referrer' | 'partner' | 'owner' | 'answerer' | 'asker'

export interface Share {
  account: AccountId
  role: ShareRole
  amountFen: number
}

export interface SplitRules {
  platformFeeBps: number
  /** What each channel charges; the fee is booked so the owner's statement matches the money that arrives. */
  channelFeeBps: Record<ChannelName, number>
  referrerBps: number
  partners: { openid: string; bps: number }[]
}

export const CHANNELS: readonly ChannelName[] = ['wxpay', 'virtual', 'local']

/**
 * Platform 3 %, channel fee as charged (WeChat Pay 0.6 %, virtual payment 1 %; the local simulator
 * charges like WeChat Pay so tests see realistic numbers). No referral commission and no partners
 * until the owner chooses them: nobody gives away the owner's income by default.
 */
export const DEFAULT_SPLIT_RULES: SplitRules = {
  platformFeeBps: 300,
  channelFeeBps: { wxpay: 60, virtual: 100, local: 60 },
  referrerBps: 0,
  partners: [],
}

/** WeChat Pay 分账 lets a merchant send at most 30 % of an order to receivers by default. */
export const DEFAULT_PROFIT_SHARING_CAP_BPS = 3000

export interface SplitInput {
  amountFen: number
  circleId: string
  buyer: string
  referrer?: string | null
  channel: ChannelName
  /** The circle owner's openid: an owner "referring" a buyer to their own circle earns no commission. */
  ownerOpenid?: string | null
}

export function splitOrder(input: SplitInput, rules: SplitRules): Share[] {
  const { amountFen, circleId, buyer, referrer, channel, ownerOpenid } = input
  assertFen(amountFen, 'amountFen', { nonNegative: true })
  if (amountFen === 0) throw new Error('cannot split an order of 0 fen')
  // Stored rules were validated when saved; this guards against a bad row ever moving money.
  validateSplitRules(rules, { viaProfitSharing: false })

  const shares: Share[] = []
  const add = (account: AccountId, role: ShareRole, bps: number) => {
    const fen = bpsOf(amountFen, bps)
    if (fen > 0) shares.push({ account, role, amountFen: fen })
  }
  add(PLATFORM_FEE, 'platform', rules.platformFeeBps)
  add(CHANNEL_FEE, 'channel', rules.channelFeeBps[channel])
  // docs/features.md §2: self-referral earns nothing (and neither does the owner, who gets the rest anyway).
  if (referrer && referrer !== buyer && referrer !== ownerOpenid)
    add(userAccount(referrer), 'referrer', rules.referrerBps)
  for (const p of rules.partners) add(userAccount(p.openid), 'partner', p.bps)

  const ownerFen = amountFen - sumFen(shares.map((s) => s.amountFen))
  // Σ bps < 10000 (validated) makes the rest ≥ amount × (10000 − Σbps) / 10000 > 0, so ≥ 1 fen.
  if (ownerFen < 1) throw new Error(`owner share must be positive, got ${ownerFen}`)
  shares.push({ account: ownerAccount(circleId), role: 'owner', amountFen: ownerFen })
  assertSharesSum(shares, amountFen)
  return shares
}

export function assertSharesSum(shares: readonly Share[], amountFen: number): void {
  for (const s of shares) assertFen(s.amountFen, `share ${s.account}`, { nonNegative: true })
  const total = sumFen(shares.map((s) => s.amountFen))
  if (total !== amountFen) throw new Error(`shares sum to ${total}, expected ${amountFen}`)
}

/**
 * Rules are checked when the owner saves them (with a clear message) and again before any split.
 * viaProfitSharing: the circle sells through ordinary WeChat Pay, where referrer and partner shares
 * leave by 分账 and must stay within the merchant's cap (docs/money.md). Platform and channel fees stay
 * with the merchant, so they do not count against the cap.
 */
/**
 * Whether an order's shares travel by 分账: only ordinary WeChat Pay supports it (virtual payment
 * does not; the local channel is the WeChat Pay adapter), and only when someone other than the
 * owner has a share. Decided the same way at prepay (to freeze the money) and at settlement.
 */
export function usesProfitSharing(order: {
  channel: ChannelName
  splitRules: SplitRules
  referrer: string | null
  buyer: string
  amountFen?: number
  circleId?: string
  qa?: QaPayees | null
}): boolean {
  if (order.channel === 'virtual') return false
  if (order.qa && order.amountFen !== undefined && order.circleId !== undefined)
    return qaUsesProfitSharing({ ...order, amountFen: order.amountFen, circleId: order.circleId, qa: order.qa })
  const referrer = order.splitRules.referrerBps > 0 && !!order.referrer && order.referrer !== order.buyer
  return referrer || order.splitRules.partners.length > 0
}

export function validateSplitRules(rules: SplitRules, opts: { capBps?: number; viaProfitSharing: boolean }): void {
  const capBps = opts.capBps ?? DEFAULT_PROFIT_SHARING_CAP_BPS
  const bad = (param: string) => new DomainError('invalid_split_rules', undefined, param)
  const checkBps = (value: unknown, param: string) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value >= BPS_DENOMINATOR)
      throw bad(param)
  }
  checkBps(rules.platformFeeBps, 'platformFeeBps')
  for (const ch of CHANNELS) checkBps(rules.channelFeeBps?.[ch], `channelFeeBps.${ch}`)
  checkBps(rules.referrerBps, 'referrerBps')
  if (!Array.isArray(rules.partners)) throw bad('partners')
  const seen = new Set<string>()
  rules.partners.forEach((p, i) => {
    if (typeof p.openid !== 'string' || p.openid.length === 0) throw bad(`partners.${i}.openid`)
    if (seen.has(p.openid)) throw bad(`partners.${i}.openid`)
    seen.add(p.openid)
    checkBps(p.bps, `partners.${i}.bps`)
    // A partner with no share is a mistake in the form, not a rule.
    if (p.bps === 0) throw bad(`partners.${i}.bps`)
  })
  const partnersBps = rules.partners.reduce((t, p) => t + p.bps, 0)
  const maxChannelBps = Math.max(...CHANNELS.map((ch) => rules.channelFeeBps[ch]))
  const lastParam = rules.partners.length > 0 ? 'partners' : 'referrerBps'
  // The owner must keep something on every channel: the rest is where rounding goes.
  if (rules.platformFeeBps + maxChannelBps + rules.referrerBps + partnersBps >= BPS_DENOMINATOR) throw bad(lastParam)
  if (!Number.isSafeInteger(capBps) || capBps < 0 || capBps > BPS_DENOMINATOR) throw new Error(`bad capBps ${capBps}`)
  if (opts.viaProfitSharing && rules.referrerBps + partnersBps > capBps) {
    throw new DomainError('split_cap_exceeded', undefined, lastParam)
  }
}

/**
 * The part of each share a partial refund takes back. `shares` are what is still unreversed (the
 * original shares minus earlier refunds), so refunds in parts add up to the exact negation of the
 * shares once the whole amount is refunded. Same rounding as the split: each non-owner part is
 * floor(share × part / total), the owner's is the rest; if the owner's rest would be more than the
 * owner still holds (a tiny owner share), the excess is taken a fen at a time from shares that still
 * have room, so no share is ever reversed below zero. Sums to partFen exactly.
 */
export function proportionalSplit(shares: readonly Share[], partFen: number): Share[] {
  assertFen(partFen, 'partFen', { nonNegative: true })
  const totalFen = sumFen(shares.map((s) => s.amountFen))
  for (const s of shares) assertFen(s.amountFen, `share ${s.account}`, { nonNegative: true })
  if (partFen > totalFen) throw new Error(`cannot reverse ${partFen} of ${totalFen}`)
  const ownerIndex = shares.findIndex((s) => s.role === 'owner')
  if (ownerIndex < 0 || shares.findIndex((s, i) => s.role === 'owner' && i !== ownerIndex) >= 0) {
    throw new Error('proportionalSplit needs exactly one owner share')
  }
  if (partFen === totalFen) return shares.filter((s) => s.amountFen > 0 || s.role === 'owner').map((s) => ({ ...s }))

  const parts = shares.map((s, i) => (i === ownerIndex ? 0 : mulDivFloor(s.amountFen, partFen, totalFen)))
  let ownerPart = partFen - sumFen(parts)
  const ownerHolds = shares[ownerIndex].amountFen
  if (ownerPart > ownerHolds) {
    let excess = ownerPart - ownerHolds
    ownerPart = ownerHolds
    // Terminates: Σ shares ≥ partFen, so there is always room somewhere while excess > 0.
    while (excess > 0) {
      for (let i = 0; i < shares.length && excess > 0; i++) {
        if (i !== ownerIndex && parts[i] < shares[i].amountFen) {
          parts[i] += 1
          excess -= 1
        }
      }
    }
  }
  parts[ownerIndex] = ownerPart
  const out: Share[] = []
  shares.forEach((s, i) => {
    if (parts[i] > 0 || i === ownerIndex) out.push({ ...s, amountFen: parts[i] })
  })
  assertSharesSum(out, partFen)
  return out
}

// ---------- paid Q&A (docs/qa.md) ----------

/** Who earns a paid question or a peek (snapshotted on the order, so a replay yields the same shares). */
export interface QaPayees {
  /** The answerer's wallet: `owner:<circleId>` when the owner answers, `user:<openid>` for a guest. */
  answerer: AccountId
  /** Peeks only: the asker's wallet and their part of what is left after the fees. */
  asker?: AccountId | null
  askerShareBps?: number
  /**
   * 平台收付通, a guest answerer: their share of the order amount, paid to them by 分账 (the owner's
   * sub-merchant keeps the rest). Snapshotted already limited to what the cap leaves after the
   * platform fee (guestShareFor). Not used in 直连, where the guest earns all that is left after the fees.
   */
  answererShareBps?: number
}

/**
 * A question or a peek: the platform fee and the channel fee as in splitOrder (floor), then what
 * is left (R) goes to the people of the question. A question: all of R to the answerer. A peek:
 * floor(R × askerShareBps / 10000) to the asker, the rest to the answerer — so the odd fen of
 * every split goes to the answerer. No referral or partner shares: Q&A income belongs to the
 * person who answered. An owner share is always present (0 when a guest answers) because refunds
 * reverse by it (proportionalSplit). Sums to the amount exactly (asserted).
 */
export function splitQa(
  input: { amountFen: number; circleId: string; channel: ChannelName; qa?: QaPayees | null },
  rules: SplitRules,
): Share[] {
  const { amountFen, circleId, channel, qa } = input
  if (!qa) throw new Error("splitQa needs the order's Q&A payees")
  assertFen(amountFen, 'amountFen', { nonNegative: true })
  if (amountFen === 0) throw new Error('cannot split an order of 0 fen')
  validateSplitRules(rules, { viaProfitSharing: false })
  const askerBps = qa.asker ? (qa.askerShareBps ?? 0) : 0
  if (!Number.isSafeInteger(askerBps) || askerBps < 0 || askerBps > BPS_DENOMINATOR)
    throw new Error(`bad askerShareBps ${askerBps}`)
  const platformFen = bpsOf(amountFen, rules.platformFeeBps)
  const channelFen = bpsOf(amountFen, rules.channelFeeBps[channel])
  const restFen = amountFen - platformFen - channelFen
  const askerFen = qa.asker ? bpsOf(restFen, askerBps) : 0
  const answererFen = restFen - askerFen
  const owner = ownerAccount(circleId)
  const shares: Share[] = []
  if (platformFen > 0) shares.push({ account: PLATFORM_FEE, role: 'platform', amountFen: platformFen })
  if (channelFen > 0) shares.push({ account: CHANNEL_FEE, role: 'channel', amountFen: channelFen })
  if (qa.asker && askerFen > 0)
    shares.push({ account: qa.asker, role: qa.asker === owner ? 'owner' : 'asker', amountFen: askerFen })
  shares.push({ account: qa.answerer, role: qa.answerer === owner ? 'owner' : 'answerer', amountFen: answererFen })
  if (!shares.some((s) => s.role === 'owner')) shares.push({ account: owner, role: 'owner', amountFen: 0 })
  assertSharesSum(shares, amountFen)
  return shares
}

/**
 * 分账 carries a Q&A order's people shares (the `user:` wallets) only when they fit within the
 * merchant's cap; otherwise they stay in the ledger and their owners withdraw them (商家转账), as
 * on virtual payment. A peek split 50/50 (≈ 48 % to the asker) is over the 30 % cap, so by
 * default peeks are paid out by withdrawal.
 */
function qaUsesProfitSharing(
  order: { channel: ChannelName; splitRules: SplitRules; amountFen: number; circleId: string; qa: QaPayees },
  capBps = DEFAULT_PROFIT_SHARING_CAP_BPS,
): boolean {
  const shares = splitQa(order, order.splitRules)
  const toPeople = sumFen(shares.filter((s) => s.account.startsWith('user:')).map((s) => s.amountFen))
  return toPeople > 0 && toPeople <= mulDivFloor(order.amountFen, capBps, BPS_DENOMINATOR)
}
