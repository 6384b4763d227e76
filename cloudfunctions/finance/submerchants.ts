/**
 * 平台收付通 reconciliation (docs/payments.md "Where the owner's money is"): each ready
 * sub-merchant's balance at WeChat Pay must equal what our ledger says it holds — the sum of its
 * owner's circle accounts, pending and available. The balance is always asked of WeChat, never
 * taken from a cache. While an effect is still on its way to WeChat (an outbox record: 分账,
 * 回退, refund, withdrawal) or a withdrawal is open, the two legitimately differ, so the check waits
 * for the next run. A mismatch is an alert, never a silent fix.
 */
import { memberships } from '../runtime/repos/circles'
import type { ActionContext } from '../runtime/handler'
import { alerts, jobs } from '../runtime/repos/operations'
import { settlementMode } from '../runtime/merchants'
import { merchants } from '../runtime/repos/merchants'
import { payments } from '../runtime/payments'
import { accounts, outbox } from '../runtime/repos/money'
import { heldDepositsAccount } from '../core/money'

const PER_RUN = 20

export interface SubMerchantCheck {
  openid: string
  subMchid: string
  ledger: { pendingFen: number; availableFen: number }
  wechat: { pendingFen: number; availableFen: number }
}

/**
 * What the ledger says one owner's sub-merchant holds: their circles' accounts, plus the challenge
 * deposits held for members (frozen, so WeChat counts them pending); null while money is moving.
 */
export async function ledgerOfOwner(openid: string): Promise<{ pendingFen: number; availableFen: number } | null> {
  const owned = await memberships.ownedBy(openid)
  let pendingFen = 0
  let availableFen = 0
  for (const m of owned) {
    const acc = await accounts.get(`owner:${m.circleId}`)
    if (acc?.openWithdrawalId) return null
    pendingFen += acc?.pendingFen ?? 0
    availableFen += acc?.availableFen ?? 0
    // Challenge deposits held for members sit frozen in the same sub-merchant (WeChat's pending).
    const held = await accounts.get(heldDepositsAccount(m.circleId))
    pendingFen += (held?.pendingFen ?? 0) + (held?.availableFen ?? 0)
  }
  return { pendingFen, availableFen }
}

async function effectsInFlight(): Promise<boolean> {
  return outbox.anyPending()
}

/** Compares one owner's sub-merchant with the ledger (tests and the wallet's 对账 use it too). */
export async function checkSubMerchant(openid: string): Promise<SubMerchantCheck | null> {
  const m = await merchants.get(openid)
  if (!m?.subMchid || m.state !== 'finish') return null
  const ledger = await ledgerOfOwner(openid)
  if (!ledger) return null
  const balance = await payments().wxpay().subMerchantBalance(m.subMchid)
  return {
    openid,
    subMchid: m.subMchid,
    ledger,
    wechat: { pendingFen: balance.pendingFen, availableFen: balance.availableFen },
  }
}

export async function reconcileSubMerchants(
  ctx: ActionContext,
): Promise<{ checked: number; mismatches: number; deferred: boolean }> {
  if (settlementMode() !== 'platform') return { checked: 0, mismatches: 0, deferred: false }
  if (await effectsInFlight()) return { checked: 0, mismatches: 0, deferred: true }
  const cursor = (await jobs.get<{ _id: string; after: string | null }>('submerchants'))?.after ?? null
  const page = await merchants.readyAfter(cursor, PER_RUN)
  let checked = 0
  let mismatches = 0
  for (const m of page) {
    const check = await checkSubMerchant(m._id).catch((e) => {
      console.error(
        JSON.stringify({
          level: 'error',
          job: 'submerchants',
          openid: m._id,
          error: String((e as Error)?.message ?? e),
        }),
      )
      return null
    })
    if (!check) continue
    checked += 1
    if (
      check.ledger.pendingFen !== check.wechat.pendingFen ||
      check.ledger.availableFen !== check.wechat.availableFen
    ) {
      mismatches += 1
      const message = `sub-merchant ${check.subMchid} (${m._id}): ledger ${check.ledger.pendingFen}/${check.ledger.availableFen}, WeChat Pay ${check.wechat.pendingFen}/${check.wechat.availableFen}`
      console.error(JSON.stringify({ level: 'error', job: 'reconcile', mismatch: message }))
      await alerts.add('submerchant_mismatch', message, ctx.now)
    }
  }
  const after = page.length < PER_RUN ? null : page[page.length - 1]._id
  await jobs.save('submerchants', { after, updatedAt: ctx.now })
  return { checked, mismatches, deferred: false }
}
