/**
 * Reconciliation (docs/money.md): heals orders our records and the channel disagree on, proves every
 * journal balances and every cached balance equals its rebuild from the journals, and reports any
 * mismatch loudly (an `alerts` record and an error log) — it never hides or "fixes" a balance.
 */
import { DEPOSITS, decideClose, subMchidOf } from '../core/money'
import { cachedDeltas } from '../runtime/ledger'
import { reconcileSubMerchants } from './submerchants'
import { fulfilPaid } from '../runtime/fulfil'
import { productStep } from '../runtime/products'
import type { ActionContext } from '../runtime/handler'
import { alerts, jobs } from '../runtime/repos/operations'
import { payments } from '../runtime/payments'
import { releaseCouponOf } from '../runtime/repos/coupons'
import { accounts, journals, orders } from '../runtime/repos/money'
import type { OrderRecord } from '../core/money'

const STALE_MS = 60_000
const JOURNALS_PER_RUN = 500
const ACCOUNTS_PER_RUN = 50

interface Cursor {
  _id: string
  journal: string | null
  account: string | null
}

export async function reconcile(ctx: ActionContext) {
  const healed = await healOrders(ctx)
  const cursor = (await jobs.get<Cursor>('reconcile')) ?? {
    _id: 'reconcile',
    journal: null,
    account: null,
  }
  const ledger = await checkLedger(cursor, ctx)
  await jobs.save('reconcile', { journal: ledger.journalCursor, account: ledger.accountCursor, updatedAt: ctx.now })
  // 平台收付通: every ready sub-merchant's balance at WeChat Pay against the ledger.
  const sub = await reconcileSubMerchants(ctx)
  return {
    ...healed,
    journalsChecked: ledger.journalsChecked,
    unbalanced: ledger.unbalanced,
    accountsChecked: ledger.accountsChecked,
    mismatches: ledger.mismatches,
    subMerchantsChecked: sub.checked,
    subMerchantMismatches: sub.mismatches,
  }
}

/** Pending orders older than a minute: paid at the channel → fulfil; past their 30 minutes → close. */
async function healOrders(ctx: ActionContext) {
  let paid = 0
  let closed = 0
  let unreachable = 0
  for (const order of await orders.pendingBefore(new Date(ctx.now.getTime() - STALE_MS), 100)) {
    try {
      const outcome = await healOrder(order, ctx)
      if (outcome === 'paid') paid += 1
      if (outcome === 'closed') closed += 1
    } catch (e) {
      // One order the channel cannot answer for must not stop the others; it is retried next run.
      unreachable += 1
      console.error(
        JSON.stringify({
          level: 'error',
          job: 'reconcile',
          orderId: order._id,
          error: String((e as Error)?.message ?? e),
        }),
      )
    }
  }
  return { paid, closed, unreachable }
}

async function healOrder(order: OrderRecord, ctx: ActionContext): Promise<'paid' | 'closed' | 'pending'> {
  {
    const channel = payments().byName(order.channel)
    const result = await channel.queryOrder(order._id, { payerOpenid: order.buyer, subMchid: subMchidOf(order) })
    if (result.state === 'SUCCESS' && result.transactionId && result.amountFen !== undefined) {
      await fulfilPaid(
        order._id,
        { transactionId: result.transactionId, amountFen: result.amountFen, paidAt: result.paidAt ?? ctx.now },
        ctx.now,
      )
      return 'paid'
    }
    if (new Date(order.expiresAt) <= ctx.now) {
      await channel.closeOrder(order._id, { subMchid: subMchidOf(order) }).catch(() => undefined)
      const next = decideClose(order, ctx.now)
      if (next) {
        await orders.update(order._id, { status: next.status, closedAt: next.closedAt, updatedAt: ctx.now })
        // An event ticket's held seat goes back (idempotent; the event's promote timer heals a crash here).
        await productStep(order.product.kind).closed?.(order, ctx.now)
        // Its coupon goes back (idempotent: only this order's reservation is released).
        await releaseCouponOf(order, ctx.now)
        return 'closed'
      }
    }
    return 'pending'
  }
}

async function checkLedger(cursor: Cursor, ctx: ActionContext) {
  const found: string[] = []
  const page = await journals.page(cursor.journal, JOURNALS_PER_RUN)
  for (const j of page) {
    const sum = j.entries.reduce((s, e) => s + e.amountFen, 0)
    if (sum !== 0) found.push(`journal ${j._id} sums to ${sum}`)
  }
  const accountPage = await accounts.page(cursor.account, ACCOUNTS_PER_RUN)
  for (const acc of accountPage) {
    const rebuilt = await rebuild(acc._id)
    if (rebuilt.pendingFen !== acc.pendingFen || rebuilt.availableFen !== acc.availableFen) {
      found.push(
        `account ${acc._id}: cached ${acc.pendingFen}/${acc.availableFen}, rebuilt ${rebuilt.pendingFen}/${rebuilt.availableFen}`,
      )
    }
  }
  // `deposits` is summed, not cached (docs/money.md "Accounts"), so the cache check above never
  // sees it: it holds members' money, never pending, and below zero only if a deposit was released
  // twice (refunded and forfeited). Bounded by the deposit orders (≤ 3 journals each).
  const deposits = await sumEntries(DEPOSITS)
  if (deposits.pendingFen !== 0 || deposits.availableFen < 0)
    found.push(
      `account ${DEPOSITS}: summed ${deposits.pendingFen}/${deposits.availableFen}, must be 0 pending and never below zero`,
    )
  for (const message of found) {
    console.error(JSON.stringify({ level: 'error', job: 'reconcile', mismatch: message }))
    await alerts.add('ledger_mismatch', message, ctx.now)
  }
  return {
    journalCursor: page.length < JOURNALS_PER_RUN ? null : page[page.length - 1]._id,
    accountCursor: accountPage.length < ACCOUNTS_PER_RUN ? null : accountPage[accountPage.length - 1]._id,
    journalsChecked: page.length,
    accountsChecked: accountPage.length,
    unbalanced: found.filter((m) => m.startsWith('journal')).length,
    mismatches: found.filter((m) => m.startsWith('account')).length,
  }
}

/** An account's balance summed from every journal that touched it, 1000 at a time. */
export async function rebuild(account: string): Promise<{ pendingFen: number; availableFen: number }> {
  let pendingFen = 0
  let availableFen = 0
  let after: string | null = null
  for (;;) {
    const rows = await journals.ofAccountById(account, after, 1000)
    for (const j of rows) {
      const d = cachedDeltas(j).get(account)
      if (d) {
        pendingFen += d.pendingFen
        availableFen += d.availableFen
      }
    }
    if (rows.length < 1000) break
    after = rows[rows.length - 1]._id
  }
  return { pendingFen, availableFen }
}

/** A summed (uncached) account's balance: every entry of every journal that touched it, 1000 at a time. */
async function sumEntries(account: string): Promise<{ pendingFen: number; availableFen: number }> {
  let pendingFen = 0
  let availableFen = 0
  let after: string | null = null
  for (;;) {
    const rows = await journals.ofAccountById(account, after, 1000)
    for (const j of rows) {
      for (const e of j.entries) {
        if (e.account !== account) continue
        if (e.bucket === 'pending') pendingFen += e.amountFen
        else availableFen += e.amountFen
      }
    }
    if (rows.length < 1000) break
    after = rows[rows.length - 1]._id
  }
  return { pendingFen, availableFen }
}
