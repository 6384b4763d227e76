/**
 * Settlement mode and owners' sub-merchants (docs/payments.md "Settlement modes", "Onboarding").
 * SETTLEMENT_MODE chooses who holds the buyers' money: `platform` (default, 平台收付通: each owner's
 * own 二级商户) or `self` (直连: the operator's merchant account). An order snapshots the mode and
 * the sub-merchant when it is placed, so everything after (refund, 分账, reconciliation) follows
 * the money where it actually went.
 */
import { DomainError } from '../core/errors'
import { canSell, OPEN_MERCHANT_STATES, stateOfApplyment, type MerchantRecord } from '../core/merchant'
import { DEFAULT_SETTLEMENT_MODE, SETTLEMENT_MODES, type SettlementMode, type SettlementSnapshot } from '../core/money'
import type { CircleRecord } from '../core/records'
import type { ApplymentStatus, ChannelName, Env } from './payment'
import { settlesInto } from './payment/rules'
import { payments } from './payments'
import { merchants } from './repos/merchants'

/** SETTLEMENT_MODE: `platform` (default) or `self`; anything else is a configuration error, never a silent default. */
export function settlementMode(env: Env = process.env): SettlementMode {
  const raw = (env.SETTLEMENT_MODE ?? '').trim()
  if (!raw) return DEFAULT_SETTLEMENT_MODE
  if (!(SETTLEMENT_MODES as readonly string[]).includes(raw))
    throw new DomainError('payment_channel_unavailable', `SETTLEMENT_MODE must be platform or self, not "${raw}"`)
  return raw as SettlementMode
}

/**
 * Where a new order of this circle sends its money. In `platform` mode a sale through WeChat Pay
 * lands in the owner's sub-merchant, so the owner must have finished onboarding: until then the
 * circle cannot sell (`merchant_setup_required` for the owner, `merchant_not_ready` for visitors).
 * Virtual payment settles to the mini-program's own account whatever the mode (docs/payments.md).
 */
export async function settlementFor(
  circle: Pick<CircleRecord, 'ownerId'>,
  channel: ChannelName,
  buyer: string,
): Promise<SettlementSnapshot> {
  const mode = settlementMode()
  if (settlesInto(channel, mode) === 'operator') return { mode: channel === 'virtual' ? 'self' : mode }
  const merchant = await merchants.get(circle.ownerId)
  if (!canSell(merchant))
    throw new DomainError(buyer === circle.ownerId ? 'merchant_setup_required' : 'merchant_not_ready')
  return { mode: 'platform', subMchid: merchant!.subMchid }
}

/** Whether a circle of this owner may sell now (the catalog says so before anyone orders). */
export async function ownerCanSell(ownerId: string): Promise<boolean> {
  if (settlementMode() === 'self') return true
  return canSell(await merchants.get(ownerId))
}

/** Applies what WeChat says of an application (the refresh action and the timer). */
export function applyApplyment(m: MerchantRecord, status: ApplymentStatus, now: Date): MerchantRecord {
  return {
    ...m,
    applymentId: status.applymentId || m.applymentId,
    state: stateOfApplyment(status.state),
    stateDesc: status.stateDesc,
    signUrl: status.signUrl ?? null,
    subMchid: status.subMchid ?? m.subMchid,
    accountValidation: status.accountValidation ? { ...status.accountValidation } : null,
    rejectReasons: status.auditDetail.map((a) => ({ field: a.paramName, reason: a.rejectReason })),
    updatedAt: now,
    checkedAt: now,
  }
}

/** Asks WeChat how one application stands and records it. */
export async function refreshMerchant(openid: string, now: Date): Promise<MerchantRecord | null> {
  const m = await merchants.get(openid)
  if (!m || !(OPEN_MERCHANT_STATES as readonly string[]).includes(m.state)) return m
  const status = await payments().wxpay().queryApplyment(m.outRequestNo)
  const next = applyApplyment(m, status, now)
  await merchants.put(next)
  return next
}

/** The refresh timer: open applications, least recently checked first, a bounded page per run. */
export async function refreshOpenMerchants(now: Date, limit = 50): Promise<{ checked: number; failed: number }> {
  let checked = 0
  let failed = 0
  for (const m of await merchants.open(limit, new Date(now.getTime() - 60_000))) {
    try {
      await refreshMerchant(m._id, now)
      checked += 1
    } catch (e) {
      failed += 1
      console.error(
        JSON.stringify({ level: 'error', job: 'merchants', openid: m._id, error: String((e as Error)?.message ?? e) }),
      )
    }
  }
  return { checked, failed }
}
