/**
 * The double-entry ledger (docs/money.md "Journals", "Refunds"; docs/architecture.md, house style 3 and 4).
 *
 * Append-only: every business event is ONE journal whose entries sum to zero; a mistake is fixed
 * by a new (correction) journal, never by editing one. Journal ids derive from the cause, so
 * posting the same cause twice is a no-op and posting it with different entries is `id_conflict`.
 *
 * The journals, by kind (amounts in fen; + = credited, see accounts.ts):
 *   payment            buyer_payments.available −A; each share's account .pending +share
 *   settlement         each account still pending from the order: .pending −x, .available +x
 *   refund             each reversed part: account.(pending|available) −part; refunds.available +R
 *   withdrawal         wallet.available −W; payouts.available +W
 *   withdrawal_return  payouts.available −W; wallet.available +W
 * Refund convention: a refund does NOT touch buyer_payments (which keeps the gross paid in); the
 * money going back to the buyer is credited to `refunds`, a sink like `payouts`. So the net taken
 * in is −(buyer_payments + refunds), and each journal balances on its own. Before settlement a
 * refund takes the parts from `pending`, after it from `available` (what settlement moved there).
 *
 * Balances are a cache: applyJournal is the incremental update, rebuildBalances the proof.
 * Pending income matures after the refund window; a timer posts the settlement journal, and a
 * reader counts what has matured already (balanceAt: "maturing on read").
 */
import type { ProductKind } from '../vocabulary'
import { DomainError } from '../errors'
import type { AccountId, Bucket, Entry, WalletAccount } from './accounts'
import {
  BUYER_PAYMENTS,
  CHANNEL_FEE,
  DEPOSITS,
  PAYOUTS,
  PLATFORM_FEE,
  REFUNDS,
  isWalletAccount,
  mustStayNonNegative,
  ownerAccount,
} from './accounts'
import { assertFen, sumFen } from './fen'
import type { Share, ShareRole } from './split'
import { proportionalSplit } from './split'

export type JournalKind =
  | 'payment'
  | 'settlement'
  | 'refund'
  | 'withdrawal'
  | 'withdrawal_return'
  | 'profit_sharing'
  | 'sharing_return'
  | 'correction'
  | 'forfeit'

export interface Journal {
  _id: string
  kind: JournalKind
  entries: Entry[]
  /** The distinct accounts touched, so a statement is one indexed query (`accounts` contains x). */
  accounts: AccountId[]
  orderId: string | null
  withdrawalId: string | null
  /** Shown on the owner's statement: the cause in words. */
  memo: string
  postedAt: Date
}

/** Ids derived from the cause: the idempotency keys of everything money does. */
export const journalIds = {
  payment: (orderId: string) => `${orderId}:pay`,
  settlement: (orderId: string) => `${orderId}:settle`,
  refund: (orderId: string, seq: number) => `${orderId}:refund:${seq}`,
  withdrawal: (withdrawalId: string) => `wd:${withdrawalId}:request`,
  withdrawalReturn: (withdrawalId: string) => `wd:${withdrawalId}:return`,
  profitSharing: (orderId: string) => `${orderId}:sharing`,
  /** 平台收付通: the people's shares, from the owner's account to theirs … */
  sharingToPeople: (orderId: string) => `${orderId}:sharing:people`,
  /** … and on to their WeChat balance. */
  sharingPaidOut: (orderId: string) => `${orderId}:sharing:paid`,
  forfeit: (orderId: string) => `${orderId}:forfeit`,
  correction: (correctionId: string) => `fix:${correctionId}`,
  sharingReturn: (orderId: string, seq: number) => `${orderId}:return:${seq}`,
}

/** What the ledger needs to know of an order (orders.ts has the full record). */
export interface OrderRef {
  _id: string
  circleId: string
  amountFen: number
  product: { kind: ProductKind; title: string }
}

export const PRODUCT_LABELS: Record<ProductKind, string> = {
  entry: '入圈',
  pass: '年卡',
  pass_gift: '赠送年卡',
  course: '课程',
  question: '付费提问',
  peek: '偷看回答',
  ticket: '活动门票',
  deposit: '挑战押金',
}

/** The word by which a title names its kind ("人像摄影进阶 · 入圈", "偷看：…", "周六外拍 · 门票"). */
const KIND_WORDS: Record<ProductKind, string> = {
  entry: '入圈',
  pass: '年卡',
  pass_gift: '年卡',
  course: '课程',
  question: '提问',
  peek: '偷看',
  ticket: '门票',
  deposit: '押金',
}

/** What was sold, for the statement: "课程 · 人像布光入门"; a title that already names its kind stands alone. */
export const productMemo = (order: Pick<OrderRef, 'product'>): string => {
  const { kind, title } = order.product
  return title.includes(KIND_WORDS[kind]) ? title : `${PRODUCT_LABELS[kind]} · ${title}`
}

// ---------- invariants ----------

const BUCKETS: readonly Bucket[] = ['pending', 'available']

/** Every builder calls this: ≥ 2 entries, each a non-zero safe integer, summing to exactly zero. */
export function assertBalanced(journal: Pick<Journal, '_id' | 'entries'>): void {
  const { _id, entries } = journal
  if (!Array.isArray(entries) || entries.length < 2) throw new Error(`journal ${_id}: needs at least two entries`)
  for (const e of entries) {
    assertFen(e.amountFen, `journal ${_id} entry ${e.account}`)
    if (e.amountFen === 0) throw new Error(`journal ${_id}: zero entry for ${e.account}`)
    if (typeof e.account !== 'string' || e.account.length === 0)
      throw new Error(`journal ${_id}: entry without account`)
    if (!BUCKETS.includes(e.bucket)) throw new Error(`journal ${_id}: bad bucket ${String(e.bucket)}`)
  }
  const total = sumFen(entries.map((e) => e.amountFen))
  if (total !== 0) throw new Error(`journal ${_id}: entries sum to ${total}, not 0`)
}

export function journal(j: Omit<Journal, 'accounts'>): Journal {
  const full: Journal = { ...j, accounts: [...new Set(j.entries.map((e) => e.account))] }
  assertBalanced(full)
  return full
}

const entryKey = (e: Entry) => `${e.account}|${e.bucket}|${e.amountFen}`

/**
 * Whether two journals with the same id say the same thing: same kind, cause and entries (in any
 * order). postedAt and memo are left out on purpose: a retried timer builds the same journal at a
 * later time, and that is the same event, not a conflict.
 */
export function sameJournal(a: Journal, b: Journal): boolean {
  if (a._id !== b._id || a.kind !== b.kind || a.orderId !== b.orderId || a.withdrawalId !== b.withdrawalId) return false
  if (a.entries.length !== b.entries.length) return false
  const ka = a.entries.map(entryKey).sort()
  const kb = b.entries.map(entryKey).sort()
  return ka.every((k, i) => k === kb[i])
}

/** What to do when posting a journal whose id may exist: insert it, or nothing (a repeat); a different journal under the same id is an error. */
export function decidePosting(existing: Journal | null, next: Journal): 'insert' | 'noop' {
  assertBalanced(next)
  if (!existing) return 'insert'
  if (sameJournal(existing, next)) return 'noop'
  throw new DomainError('id_conflict', undefined, 'journalId')
}

// ---------- builders ----------

export function paymentJournal(order: OrderRef, shares: readonly Share[], paidAt: Date): Journal {
  const total = sumFen(shares.map((s) => s.amountFen))
  if (total !== order.amountFen) throw new Error(`order ${order._id}: shares sum to ${total}, not ${order.amountFen}`)
  return journal({
    _id: journalIds.payment(order._id),
    kind: 'payment',
    entries: [
      { account: BUYER_PAYMENTS, bucket: 'available', amountFen: -order.amountFen },
      ...shares
        .filter((s) => s.amountFen > 0)
        .map((s): Entry => ({ account: s.account, bucket: 'pending', amountFen: s.amountFen })),
    ],
    orderId: order._id,
    withdrawalId: null,
    memo: `${productMemo(order)}（退款期内，暂不可提现）`,
    postedAt: paidAt,
  })
}

/**
 * A challenge deposit (押金) paid: held for the member in `deposits`, NOT income — no shares, no
 * fees, nothing pending. Completion refunds it (refundJournal takes it back out of `deposits`);
 * a forfeit moves it to income with forfeitJournal.
 */
export function depositPaymentJournal(order: OrderRef, paidAt: Date): Journal {
  if (order.product.kind !== 'deposit') throw new Error(`order ${order._id} is not a deposit`)
  return journal({
    _id: journalIds.payment(order._id),
    kind: 'payment',
    entries: [
      { account: BUYER_PAYMENTS, bucket: 'available', amountFen: -order.amountFen },
      { account: DEPOSITS, bucket: 'available', amountFen: order.amountFen },
    ],
    orderId: order._id,
    withdrawalId: null,
    memo: `${productMemo(order)}（挑战结束前代为保管）`,
    postedAt: paidAt,
  })
}

/**
 * A deposit not earned back when the challenge ended becomes the owner's income, split like a
 * payment (platform fee, channel fee, owner the rest; the shares must sum to the deposit). It
 * lands in `available` at once: the money arrived long before, and a forfeited deposit is never
 * refunded, so there is no refund window left to wait out.
 */
export function forfeitJournal(order: OrderRef, shares: readonly Share[], at: Date): Journal {
  if (order.product.kind !== 'deposit') throw new Error(`order ${order._id} is not a deposit`)
  const total = sumFen(shares.map((s) => s.amountFen))
  if (total !== order.amountFen) throw new Error(`order ${order._id}: shares sum to ${total}, not ${order.amountFen}`)
  return journal({
    _id: journalIds.forfeit(order._id),
    kind: 'forfeit',
    entries: [
      { account: DEPOSITS, bucket: 'available', amountFen: -order.amountFen },
      ...shares
        .filter((s) => s.amountFen > 0)
        .map((s): Entry => ({ account: s.account, bucket: 'available', amountFen: s.amountFen })),
    ],
    orderId: order._id,
    withdrawalId: null,
    memo: `押金未退（挑战未完成）· ${order.product.title}`,
    postedAt: at,
  })
}

/** Per account, the sum of the given entries of an order's journals (in journal order of first appearance). */
function sumByAccount(journals: readonly Journal[], pick: (e: Entry) => boolean): Map<AccountId, number> {
  const out = new Map<AccountId, number>()
  for (const j of journals)
    for (const e of j.entries) if (pick(e)) out.set(e.account, (out.get(e.account) ?? 0) + e.amountFen)
  return out
}

function sameOrder(payment: Journal, others: readonly Journal[]): void {
  if (payment.kind !== 'payment' || !payment.orderId) throw new Error(`${payment._id} is not a payment journal`)
  for (const j of others)
    if (j.orderId !== payment.orderId) throw new Error(`${j._id} is not about order ${payment.orderId}`)
}

/**
 * Moves what is still pending from an order to available once the refund window has closed.
 * `priorRefunds`: refunds of the order posted before (they took their parts from pending).
 * null when nothing is left to settle (the order was refunded in full inside the window).
 */
export function settlementJournal(payment: Journal, at: Date, priorRefunds: readonly Journal[] = []): Journal | null {
  sameOrder(payment, priorRefunds)
  const pending = sumByAccount([payment, ...priorRefunds], (e) => e.bucket === 'pending')
  const entries: Entry[] = []
  for (const [account, fen] of pending) {
    if (fen < 0) throw new Error(`order ${payment.orderId}: ${account} pending is ${fen}`)
    if (fen > 0)
      entries.push({ account, bucket: 'pending', amountFen: -fen }, { account, bucket: 'available', amountFen: fen })
  }
  if (entries.length === 0) return null
  return journal({
    _id: journalIds.settlement(payment.orderId as string),
    kind: 'settlement',
    entries,
    orderId: payment.orderId,
    withdrawalId: null,
    // the cause names the income it releases (the payment's memo without its 待结算 note)
    memo: `退款期已过，转为可提现 · ${payment.memo.replace(/（退款期内，暂不可提现）$/, '')}`,
    postedAt: at,
  })
}

function roleOf(account: AccountId, circleId: string): ShareRole {
  if (account === ownerAccount(circleId)) return 'owner'
  if (account === PLATFORM_FEE) return 'platform'
  if (account === CHANNEL_FEE) return 'channel'
  // Entries do not say whether a user share was a referral or a partner's; only 'owner' matters
  // for rounding, so every other user share is treated alike.
  return 'partner'
}

/** The order's shares not yet reversed by earlier refunds (what a next refund may take back). */
export function remainingShares(
  order: Pick<OrderRef, 'circleId'>,
  payment: Journal,
  priorRefunds: readonly Journal[] = [],
): Share[] {
  sameOrder(payment, priorRefunds)
  const credited = sumByAccount([payment], (e) => e.account !== BUYER_PAYMENTS)
  const reversed = sumByAccount(priorRefunds, (e) => e.account !== REFUNDS)
  const shares: Share[] = []
  for (const [account, fen] of credited) {
    shares.push({ account, role: roleOf(account, order.circleId), amountFen: fen + (reversed.get(account) ?? 0) })
  }
  for (const account of reversed.keys())
    if (!credited.has(account))
      shares.push({ account, role: roleOf(account, order.circleId), amountFen: reversed.get(account) as number })
  let owner = shares.find((s) => s.role === 'owner')
  if (!owner) shares.push((owner = { account: ownerAccount(order.circleId), role: 'owner', amountFen: 0 }))
  // An owner who covered a payee's already-withdrawn part (refundJournal) gave back more than
  // their own share: that payee's obligation is settled by as much, so it leaves their remainder.
  for (const s of shares) {
    if (owner.amountFen >= 0) break
    if (s === owner || s.amountFen <= 0) continue
    const take = Math.min(s.amountFen, -owner.amountFen)
    s.amountFen -= take
    owner.amountFen += take
  }
  for (const s of shares)
    if (s.amountFen < 0) throw new Error(`order ${payment.orderId}: ${s.account} reversed beyond its share`)
  return shares
}

export interface RefundInput {
  order: OrderRef
  payment: Journal
  refundFen: number
  /** 1, 2, …: the order's refund number (OrderRecord.refunds[].seq). */
  seq: number
  /** Whether the order's settlement journal was posted: then the parts come from available. */
  settled: boolean
  at: Date
  priorRefunds?: readonly Journal[]
  /**
   * After settlement, each account's available balance now. A payee who already withdrew their
   * share cannot give it back, so the owner covers the shortfall; if the owner cannot either, the
   * refund is refused (docs/money.md "Refunds": refused unless the owner's available balance covers it).
   */
  availableFen?: Readonly<Record<string, number>>
}

/**
 * Reverses the shares a refund covers: all that is left when refunding the rest (the exact
 * negation, so refunds in parts end where a full refund would), else proportionalSplit.
 */
export function refundJournal(input: RefundInput): Journal {
  const { order, payment, refundFen, seq, settled, at, priorRefunds = [], availableFen } = input
  if (payment.orderId !== order._id) throw new Error(`${payment._id} is not the payment of ${order._id}`)
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`bad refund seq ${seq}`)
  assertFen(refundFen, 'refundFen', { nonNegative: true })
  const remaining = remainingShares(order, payment, priorRefunds)
  const leftFen = sumFen(remaining.map((s) => s.amountFen))
  if (refundFen < 1 || refundFen > leftFen) throw new DomainError('order_not_refundable', undefined, 'amountFen')
  const parts = proportionalSplit(remaining, refundFen).map((s) => ({ ...s }))

  if (settled && availableFen) {
    const owner = parts.find((p) => p.role === 'owner') as Share
    for (const p of parts) {
      if (p === owner || !isWalletAccount(p.account)) continue
      const short = p.amountFen - Math.max(0, availableFen[p.account] ?? 0)
      if (short > 0) {
        p.amountFen -= short
        owner.amountFen += short
      }
    }
    if (owner.amountFen > (availableFen[owner.account] ?? 0)) throw new DomainError('refund_not_covered')
  }

  // A deposit is held in `deposits` (available): there is no pending income to take it from.
  const bucket: Bucket = settled || order.product.kind === 'deposit' ? 'available' : 'pending'
  return journal({
    _id: journalIds.refund(order._id, seq),
    kind: 'refund',
    entries: [
      ...parts
        .filter((p) => p.amountFen > 0)
        .map((p): Entry => ({ account: p.account, bucket, amountFen: -p.amountFen })),
      { account: REFUNDS, bucket: 'available', amountFen: refundFen },
    ],
    orderId: order._id,
    withdrawalId: null,
    memo: `退款 · ${order.product.title}`,
    postedAt: at,
  })
}

export interface WithdrawalJournalInput {
  withdrawalId: string
  /** A wallet account (owner: or user:); checked at run time, as ids come from storage as strings. */
  account: WalletAccount | string
  amountFen: number
  at: Date
}

/** Posted BEFORE any call to WeChat, so two concurrent requests can never spend the same fen. */
export function withdrawalJournal({ withdrawalId, account, amountFen, at }: WithdrawalJournalInput): Journal {
  if (!isWalletAccount(account)) throw new Error(`cannot withdraw from ${account}`)
  assertFen(amountFen, 'amountFen', { nonNegative: true })
  return journal({
    _id: journalIds.withdrawal(withdrawalId),
    kind: 'withdrawal',
    entries: [
      { account: account as WalletAccount, bucket: 'available', amountFen: -amountFen },
      { account: PAYOUTS, bucket: 'available', amountFen },
    ],
    orderId: null,
    withdrawalId,
    memo: '提现',
    postedAt: at,
  })
}

/** A failed or expired transfer gives the money back (the exact reverse of the request). */
export function withdrawalReturnJournal({ withdrawalId, account, amountFen, at }: WithdrawalJournalInput): Journal {
  if (!isWalletAccount(account)) throw new Error(`cannot return a withdrawal to ${account}`)
  assertFen(amountFen, 'amountFen', { nonNegative: true })
  return journal({
    _id: journalIds.withdrawalReturn(withdrawalId),
    kind: 'withdrawal_return',
    entries: [
      { account: PAYOUTS, bucket: 'available', amountFen: -amountFen },
      { account: account as WalletAccount, bucket: 'available', amountFen },
    ],
    orderId: null,
    withdrawalId,
    memo: '提现未成功，已退回余额',
    postedAt: at,
  })
}

/**
 * 分账 (docs/money.md "Fee splitting"): WeChat Pay sends these receivers' shares straight to their
 * WeChat balance, so the shares leave their wallet accounts for `payouts` — they are paid, and
 * nobody withdraws them a second time. null when there is nobody to pay.
 */
export function profitSharingJournal(input: {
  orderId: string
  receivers: { account: AccountId; amountFen: number }[]
  at: Date
  /** 平台收付通 posts it after the journal that credited the people (journalIds.sharingPaidOut). */
  journalId?: string
}): Journal | null {
  const receivers = input.receivers.filter((r) => r.amountFen > 0)
  if (receivers.length === 0) return null
  for (const r of receivers) assertFen(r.amountFen, 'amountFen', { nonNegative: true })
  return journal({
    _id: input.journalId ?? journalIds.profitSharing(input.orderId),
    kind: 'profit_sharing',
    entries: [
      ...receivers.map((r): Entry => ({ account: r.account, bucket: 'available', amountFen: -r.amountFen })),
      { account: PAYOUTS, bucket: 'available', amountFen: sumFen(receivers.map((r) => r.amountFen)) },
    ],
    orderId: input.orderId,
    withdrawalId: null,
    memo: '分账：已转入微信零钱',
    postedAt: input.at,
  })
}

/** A mistake is corrected by a new journal with its own cause id (an alert, a ticket), never by an edit. */
export function correctionJournal(input: {
  correctionId: string
  entries: Entry[]
  memo: string
  at: Date
  orderId?: string | null
  withdrawalId?: string | null
}): Journal {
  return journal({
    _id: journalIds.correction(input.correctionId),
    kind: 'correction',
    entries: input.entries.map((e) => ({ ...e })),
    orderId: input.orderId ?? null,
    withdrawalId: input.withdrawalId ?? null,
    memo: input.memo,
    postedAt: input.at,
  })
}

// ---------- balances ----------

export interface Balance {
  pendingFen: number
  availableFen: number
}

export type Balances = Readonly<Record<string, Balance>>

export const ZERO_BALANCE: Balance = Object.freeze({ pendingFen: 0, availableFen: 0 })

/** The incremental update of the cached balances (what a posting transaction does with `inc`). */
export function applyJournal(balances: Balances, j: Journal): Balances {
  assertBalanced(j)
  const next: Record<string, Balance> = { ...balances }
  for (const e of j.entries) {
    const b = next[e.account] ?? ZERO_BALANCE
    next[e.account] =
      e.bucket === 'pending'
        ? { ...b, pendingFen: b.pendingFen + e.amountFen }
        : { ...b, availableFen: b.availableFen + e.amountFen }
    assertFen(next[e.account].pendingFen, `${e.account} pending`)
    assertFen(next[e.account].availableFen, `${e.account} available`)
  }
  return next
}

/** The truth the cache must equal, from the entries alone. */
export function rebuildBalances(journals: Iterable<Journal>): Balances {
  let out: Balances = {}
  for (const j of journals) out = applyJournal(out, j)
  return out
}

/** Equal as money: an account missing on one side equals a zero balance. */
export function balancesEqual(a: Balances, b: Balances): boolean {
  for (const account of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[account] ?? ZERO_BALANCE
    const y = b[account] ?? ZERO_BALANCE
    if (x.pendingFen !== y.pendingFen || x.availableFen !== y.availableFen) return false
  }
  return true
}

/** Accounts below zero where they never may be: reconciliation reports these loudly. */
export function negativeBalances(balances: Balances): string[] {
  return Object.entries(balances)
    .filter(([account, b]) => mustStayNonNegative(account) && (b.pendingFen < 0 || b.availableFen < 0))
    .map(([account]) => account)
}

// ---------- maturing ----------

export const DEFAULT_REFUND_WINDOW_HOURS = 72
const HOUR_MS = 3_600_000

/** When an order's income leaves the refund window: exactly windowHours after payment. */
export function maturesAt(paidAt: Date, windowHours = DEFAULT_REFUND_WINDOW_HOURS): Date {
  if (!Number.isSafeInteger(windowHours) || windowHours < 0) throw new Error(`bad windowHours ${windowHours}`)
  return new Date(paidAt.getTime() + windowHours * HOUR_MS)
}

export interface UnsettledIncome {
  orderId: string
  amountFen: number
  maturesAt: Date
}

/**
 * The balance as a reader sees it: pending income whose window has closed (now ≥ maturesAt)
 * counts as available even if the settlement timer has not run yet. The stored ledger is not
 * changed: whatever moves that money (a withdrawal) posts the settlement journals first.
 */
export function balanceAt(
  balance: Balance,
  unsettled: readonly Pick<UnsettledIncome, 'amountFen' | 'maturesAt'>[],
  now: Date,
): Balance {
  let matured = 0
  for (const u of unsettled) {
    assertFen(u.amountFen, 'amountFen', { nonNegative: true })
    if (now.getTime() >= u.maturesAt.getTime()) matured += u.amountFen
  }
  if (matured > balance.pendingFen) throw new Error(`matured ${matured} exceeds pending ${balance.pendingFen}`)
  return { pendingFen: balance.pendingFen - matured, availableFen: balance.availableFen + matured }
}

/**
 * One account's income still pending, per order, from the journals: payment credits minus what
 * refunds and settlement took from pending. Matures windowHours after the payment was posted.
 */
export function unsettledIncome(
  account: AccountId,
  journals: readonly Journal[],
  windowHours = DEFAULT_REFUND_WINDOW_HOURS,
): UnsettledIncome[] {
  const byOrder = new Map<string, { fen: number; paidAt: Date | null }>()
  for (const j of journals) {
    if (!j.orderId) continue
    const row = byOrder.get(j.orderId) ?? { fen: 0, paidAt: null }
    for (const e of j.entries) if (e.account === account && e.bucket === 'pending') row.fen += e.amountFen
    if (j.kind === 'payment') row.paidAt = j.postedAt
    byOrder.set(j.orderId, row)
  }
  const out: UnsettledIncome[] = []
  for (const [orderId, row] of byOrder) {
    if (row.fen > 0 && row.paidAt)
      out.push({ orderId, amountFen: row.fen, maturesAt: maturesAt(row.paidAt, windowHours) })
  }
  return out
}

/**
 * A refund the channel refused for good is booked back as a correction `fix:${refundJournalId}:failed`.
 * The parts return to pending while the order is unsettled (its settlement will then move them),
 * or to available once it is settled: settlement has already run and would never move them again.
 */
export function refundFailedJournal(input: { refund: Journal; settled: boolean; at: Date }): Journal {
  const { refund, settled, at } = input
  if (refund.kind !== 'refund') throw new Error(`${refund._id} is not a refund journal`)
  return correctionJournal({
    correctionId: `${refund._id}:failed`,
    entries: refund.entries.map((e) => ({
      account: e.account,
      bucket: e.account === REFUNDS || settled ? 'available' : e.bucket,
      amountFen: -e.amountFen,
    })),
    memo: '退款未成功，款项已退回',
    at,
    orderId: refund.orderId,
    withdrawalId: null,
  })
}

/** The exact reverse of a journal as a correction (e.g. a journal posted in error). */
export function reverseJournal(original: Journal, correctionId: string, memo: string, at: Date): Journal {
  assertBalanced(original)
  return correctionJournal({
    correctionId,
    entries: original.entries.map((e) => ({ ...e, amountFen: -e.amountFen })),
    memo,
    at,
    orderId: original.orderId,
    withdrawalId: original.withdrawalId,
  })
}
