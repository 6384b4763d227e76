/** Earnings and withdrawals (docs/money.md "Withdrawals", docs/features.md §10): balances, statement, payouts. */
import type { ActionName, OutputOf, ParsedInput, StatementLine, WithdrawalView } from '../core/contract'
import { DomainError } from '../core/errors'
import { LIMITS } from '../core/limits'
import {
  checkSharingCap,
  DEFAULT_SPLIT_RULES,
  ownerAccount,
  SHARING_CAP_BPS,
  statementEntry,
  userAccount,
  validateSplitRules,
  WITHDRAWAL_RULES,
  type Journal,
} from '../core/money'
import { canSell } from '../core/merchant'
import { settlementMode } from '../runtime/merchants'
import { merchants } from '../runtime/repos/merchants'
import type { WithdrawalRecord } from '../core/money-records'
import { assertCan, type Permission } from '../core/permissions'
import { shanghaiDayKey } from '../core/time'
import type { ActionContext } from '../runtime/handler'
import { circles, memberships } from '../runtime/repos/circles'
import { accounts, journals, withdrawals } from '../runtime/repos/money'
import { roleIn } from '../runtime/session'
import { REFUND_WINDOW_MS, settleMatured } from '../runtime/settlement'
import { refreshWithdrawal as refresh, requestWithdrawal, transferNow } from '../runtime/withdrawals'
import { access } from '../runtime/repos/access'
import { roleAt } from '../core/circle'

type In<A extends ActionName<'wallet'>> = ParsedInput<'wallet', A>
type Out<A extends ActionName<'wallet'>> = Promise<OutputOf<'wallet', A>>
type AccountInput = In<'summary'>['account']

/** The wallet account the caller may act on: a circle's income (owner only) or their own shares. */
async function resolve(
  account: AccountInput,
  ctx: ActionContext,
  permission: Permission,
): Promise<{ id: string; title: string }> {
  if (account.kind === 'self') return { id: userAccount(ctx.openid), title: '我的收益' }
  const { role } = await roleIn(account.circleId, ctx.openid, ctx.now)
  assertCan(role, permission)
  return { id: ownerAccount(account.circleId), title: '圈子收入' }
}

function withdrawalView(w: WithdrawalRecord): WithdrawalView {
  return {
    id: w._id,
    amountFen: w.amountFen,
    state: w.state,
    createdAt: new Date(w.createdAt).toISOString(),
    confirm: w.state === 'waiting_confirm' ? w.confirm : null,
    failReason: w.failReason,
  }
}

/** One line per journal (business event); the bucket movements are its detail (core/money/statement.ts). */
function statementLine(j: Journal, account: string): StatementLine | null {
  const e = statementEntry(j, account)
  return e && { ...e, at: new Date(e.at).toISOString() }
}

export async function summary(input: In<'summary'>, ctx: ActionContext): Out<'summary'> {
  const { id, title } = await resolve(input.account, ctx, 'circle.seeIncome')
  // Maturing on read: what left the refund window counts as available now, timer or not.
  await settleMatured(ctx.now, { payee: id, limit: 100 })
  const [acc, today] = await Promise.all([accounts.get(id), withdrawals.onDay(id, shanghaiDayKey(ctx.now))])
  const open = acc?.openWithdrawalId ? await withdrawals.get(acc.openWithdrawalId) : null
  return {
    title,
    pendingFen: acc?.pendingFen ?? 0,
    availableFen: acc?.availableFen ?? 0,
    withdrawnTodayFen: today
      .filter((w) => w.state !== 'failed' && w.state !== 'expired')
      .reduce((s, w) => s + w.amountFen, 0),
    limits: {
      minFen: WITHDRAWAL_RULES.minFen,
      dailyMaxFen: WITHDRAWAL_RULES.dailyMaxFen,
      realNameFromFen: WITHDRAWAL_RULES.realNameFromFen,
    },
    openWithdrawal: open ? withdrawalView(open) : null,
    payout: await payoutOf(input.account, ctx),
  }
}

/** Where this account's withdrawals go (docs/payments.md "Settlement modes"). */
async function payoutOf(account: AccountInput, ctx: ActionContext): Promise<OutputOf<'wallet', 'summary'>['payout']> {
  // 平台收付通: a person's shares reach their 零钱 by 分账 (the platform never pays out sellers' money)
  if (account.kind === 'self') return settlementMode() === 'platform' ? { kind: 'sharing' } : { kind: 'wechat' }
  if (settlementMode() === 'self') return { kind: 'operator' }
  const circle = await circles.get(account.circleId)
  const m = circle && circle.ownerId === ctx.openid ? await merchants.get(circle.ownerId) : null
  return m && canSell(m) ? { kind: 'bank', bankAccount: m.masked.bankAccount, bankName: m.masked.bankName } : null
}

export async function statement(input: In<'statement'>, ctx: ActionContext): Out<'statement'> {
  const { id } = await resolve(input.account, ctx, 'circle.seeIncome')
  const page = await journals.ofAccount(id, input.cursor, LIMITS.pageSize)
  return {
    items: page.rows.map((j) => statementLine(j, id)).filter((l): l is StatementLine => !!l),
    nextCursor: page.nextCursor,
  }
}

export async function withdraw(input: In<'withdraw'>, ctx: ActionContext): Out<'withdraw'> {
  // A circle's income: in `self` mode it is the operator's own (never paid out); in `platform`
  // mode it sits in the owner's sub-merchant and goes to its bank card (二级商户提现).
  if (input.account.kind === 'owner') return withdrawOwnerIncome(input.account.circleId, input.amountFen, ctx)
  // A person's shares in 平台收付通 reach their 零钱 by 分账: the platform's own merchant account
  // never pays out money its sellers took (二清), so there is nothing to transfer here.
  if (settlementMode() === 'platform') throw new DomainError('shares_paid_by_sharing')
  const { id } = await resolve(input.account, ctx, 'circle.withdraw')
  await settleMatured(ctx.now, { payee: id, limit: 100 })
  // Real-name verification is not built yet, so amounts that need it are refused with its code.
  const created = await requestWithdrawal({
    account: id,
    openid: ctx.openid,
    amountFen: input.amountFen,
    now: ctx.now,
    realNameVerified: false,
    subMchid: null,
  })
  return withdrawalView(await transferNow(created, ctx.now))
}

/**
 * An owner's withdrawal to the sub-merchant's bank card (a bank card verified by WeChat at
 * onboarding). One aggregate reads the circle, the caller's membership, the merchant, today's
 * withdrawals and the orders due to settle; one transaction requests it; the bank withdrawal
 * starts in the same invocation (docs/performance.md: 10 database calls).
 */
async function withdrawOwnerIncome(circleId: string, amountFen: number, ctx: ActionContext) {
  const id = ownerAccount(circleId)
  const found = await access.ownerWithdrawal(circleId, ctx.openid, {
    account: id,
    day: shanghaiDayKey(ctx.now),
    maturedBefore: new Date(ctx.now.getTime() - REFUND_WINDOW_MS),
    limit: 100,
  })
  assertCan(roleAt(found?.membership ?? null, ctx.now), 'circle.withdraw')
  if (settlementMode() === 'self') throw new DomainError('owner_income_not_withdrawable')
  if (!found || found.circle.ownerId !== ctx.openid) throw new DomainError('forbidden')
  if (!canSell(found.merchant)) throw new DomainError('merchant_setup_required')
  await settleMatured(ctx.now, { payee: id, limit: 100, due: found.matured })
  const created = await requestWithdrawal({
    account: id,
    openid: ctx.openid,
    amountFen,
    now: ctx.now,
    realNameVerified: true,
    subMchid: found.merchant!.subMchid,
    today: found.today,
  })
  return withdrawalView(await transferNow(created, ctx.now))
}

export async function withdrawals_(input: In<'withdrawals'>, ctx: ActionContext): Out<'withdrawals'> {
  const { id } = await resolve(input.account, ctx, 'circle.seeIncome')
  const page = await withdrawals.ofAccount(id, input.cursor, LIMITS.pageSize)
  return { items: page.rows.map(withdrawalView), nextCursor: page.nextCursor }
}

export async function refreshWithdrawal(input: In<'refreshWithdrawal'>, ctx: ActionContext): Out<'refreshWithdrawal'> {
  const w = await withdrawals.get(input.withdrawalId)
  if (!w || w.openid !== ctx.openid) throw new DomainError('withdrawal_not_found', undefined, 'withdrawalId')
  return withdrawalView(await refresh(w._id, ctx.now))
}

export async function splitRules(input: In<'splitRules'>, ctx: ActionContext): Out<'splitRules'> {
  const circle = await circles.require(input.circleId)
  const { role } = await roleIn(circle._id, ctx.openid, ctx.now)
  assertCan(role, 'circle.seeIncome')
  return splitView(circle._id, circle.splitRules ?? DEFAULT_SPLIT_RULES)
}

export async function setSplitRules(input: In<'setSplitRules'>, ctx: ActionContext): Out<'setSplitRules'> {
  const circle = await circles.require(input.circleId)
  const { role } = await roleIn(circle._id, ctx.openid, ctx.now)
  assertCan(role, 'circle.edit')
  const rules = {
    ...(circle.splitRules ?? DEFAULT_SPLIT_RULES),
    referrerBps: input.referrerBps,
    partners: input.partners,
  }
  validateSplitRules(rules, { viaProfitSharing: false })
  // The 分账 cap applies whatever channel sells (an event ticket always goes through WeChat Pay);
  // in platform mode the platform fee counts against it too.
  checkSharingCap(rules, settlementMode())
  for (const p of input.partners) {
    const m = await memberships.get(circle._id, p.openid)
    if (!m || m.status !== 'active') throw new DomainError('not_found', undefined, 'partners')
  }
  await circles.update(circle._id, { splitRules: rules, updatedAt: ctx.now })
  return splitView(circle._id, rules)
}

async function splitView(circleId: string, rules: typeof DEFAULT_SPLIT_RULES) {
  const names = await Promise.all(rules.partners.map((p) => memberships.get(circleId, p.openid)))
  return {
    circleId,
    platformFeeBps: rules.platformFeeBps,
    referrerBps: rules.referrerBps,
    partners: rules.partners.map((p, i) => ({ openid: p.openid, nickname: names[i]?.user.nickname ?? '', bps: p.bps })),
    capBps: SHARING_CAP_BPS - (settlementMode() === 'platform' ? rules.platformFeeBps : 0),
  }
}

export { withdrawals_ as withdrawals }
export { applyMerchant, merchant, refreshMerchant, sellable, uploadMerchantImage } from './merchant'
