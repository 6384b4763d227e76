/**
 * An owner's 二级商户 under 平台收付通 (docs/payments.md "Onboarding"): the 进件 from the app, its
 * state and next step, the sub-merchant's balance at WeChat Pay. Identity and bank details go to
 * WeChat Pay RSA-OAEP encrypted with its public key; only masked forms are stored here.
 */
import { createHash } from 'crypto'
import QRCode from 'qrcode'
import type { ActionName, OutputOf, ParsedInput } from '../core/contract'
import type { MerchantView } from '../core/contracts/merchant'
import { DomainError } from '../core/errors'
import {
  applymentBody,
  checkApplymentForm,
  maskForm,
  mayResubmit,
  MERCHANT_STEPS,
  type ApplymentForm,
  type MerchantRecord,
} from '../core/merchant'
import type { ActionContext } from '../runtime/handler'
import { applyApplyment, ownerCanSell, refreshMerchant as refresh, settlementMode } from '../runtime/merchants'
import { merchants } from '../runtime/repos/merchants'
import { isLocalCloud, readWxpayConfig } from '../runtime/payment'
import { tempFileUrls } from '../runtime/cloud'
import { payments } from '../runtime/payments'
import { circles } from '../runtime/repos/circles'

type In<A extends ActionName<'wallet'>> = ParsedInput<'wallet', A>
type Out<A extends ActionName<'wallet'>> = Promise<OutputOf<'wallet', A>>

async function view(m: MerchantRecord | null): Promise<MerchantView> {
  const mode = settlementMode()
  const step = m
    ? MERCHANT_STEPS[m.state]
    : { label: '未开通', next: '提交主体、身份证和结算银行卡信息，开通微信支付收款' }
  let balance: MerchantView['balance'] = null
  if (m?.subMchid && m.state === 'finish') {
    const b = await payments().wxpay().subMerchantBalance(m.subMchid)
    balance = { pendingFen: b.pendingFen, availableFen: b.availableFen }
  }
  return {
    mode,
    state: m?.state ?? null,
    label: step.label,
    next: step.next,
    subjectType: m?.subjectType ?? null,
    merchantShortname: m?.merchantShortname ?? null,
    subMchid: m?.subMchid ?? null,
    signUrl: m?.state === 'need_sign' ? m.signUrl : null,
    signQr:
      m?.state === 'need_sign' && m.signUrl
        ? await QRCode.toDataURL(m.signUrl, { errorCorrectionLevel: 'M', margin: 2, width: 360 })
        : null,
    accountValidation: m?.state === 'account_need_verify' ? m.accountValidation : null,
    rejectReasons: m?.state === 'rejected' ? m.rejectReasons : [],
    masked: m?.masked ?? null,
    balance,
  }
}

export async function merchant(_input: In<'merchant'>, ctx: ActionContext): Out<'merchant'> {
  return view(await merchants.get(ctx.openid))
}

/** The stored image's bytes: cloud storage's temporary URL (the local cloud serves /files/ on its own origin). */
async function imageBytes(fileId: string): Promise<{ filename: string; content: Buffer }> {
  let url: string | undefined
  if (isLocalCloud()) {
    // The local cloud's storage serves /files/<path> on its own origin (the pay simulator's too).
    const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId)
    url = m ? `${new URL(process.env.WXPAY_BASE_URL ?? 'http://127.0.0.1').origin}/files/${m[1]}` : undefined
  } else {
    url = (await tempFileUrls([fileId], 600))[fileId]
  }
  if (!url) throw new DomainError('not_found', undefined, 'fileId')
  const res = await fetch(url).catch(() => null)
  if (!res || !res.ok) throw new DomainError('not_found', undefined, 'fileId')
  const filename = fileId.slice(fileId.lastIndexOf('/') + 1)
  return { filename, content: Buffer.from(await res.arrayBuffer()) }
}

export async function uploadMerchantImage(
  input: In<'uploadMerchantImage'>,
  _ctx: ActionContext,
): Out<'uploadMerchantImage'> {
  const { filename, content } = await imageBytes(input.fileId)
  return payments().wxpay().uploadMedia({ filename, content })
}

/** 业务申请编号: derived from the owner and the attempt, so a retried submission is the same one. */
const outRequestNoOf = (openid: string, attempt: number) =>
  `QZM${createHash('sha256').update(openid).digest('hex').slice(0, 20)}${attempt}`

export async function applyMerchant(input: In<'applyMerchant'>, ctx: ActionContext): Out<'applyMerchant'> {
  if (settlementMode() !== 'platform') throw new DomainError('merchant_not_needed')
  const form = input as ApplymentForm
  checkApplymentForm(form)
  const existing = await merchants.get(ctx.openid)
  if (!mayResubmit(existing)) throw new DomainError('merchant_application_open')
  // After a rejection WeChat takes the corrected form under the same 业务申请编号.
  const attempt = existing?.state === 'canceled' ? existing.attempt + 1 : (existing?.attempt ?? 1)
  const outRequestNo = outRequestNoOf(ctx.openid, attempt)
  const wx = payments().wxpay()
  const body = applymentBody(form, {
    outRequestNo,
    appid: readWxpayConfig()?.appid ?? '',
    encrypt: (s) => wx.encryptSensitive(s),
  })
  const submitted = await wx.submitApplyment(body)
  const record: MerchantRecord = {
    _id: ctx.openid,
    subjectType: form.subjectType,
    merchantShortname: form.merchantShortname,
    outRequestNo,
    attempt,
    applymentId: submitted.applymentId,
    state: 'checking',
    stateDesc: '资料校验中',
    signUrl: null,
    subMchid: null,
    accountValidation: null,
    rejectReasons: [],
    masked: maskForm(form),
    createdAt: existing?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
    checkedAt: ctx.now,
  }
  // What WeChat says right away (usually 审核中).
  const status = await wx.queryApplyment(outRequestNo).catch(() => null)
  const saved = status ? applyApplyment(record, status, ctx.now) : record
  await merchants.put(saved)
  return view(saved)
}

export async function refreshMerchant(_input: In<'refreshMerchant'>, ctx: ActionContext): Out<'refreshMerchant'> {
  return view(await refresh(ctx.openid, ctx.now))
}

export async function sellable(input: In<'sellable'>, _ctx: ActionContext): Out<'sellable'> {
  const circle = await circles.require(input.circleId)
  const ok = await ownerCanSell(circle.ownerId)
  return { sellable: ok, reason: ok ? null : 'merchant_not_ready' }
}
