/**
 * Control routes of the simulator's 平台收付通 side (docs/control-api.md "Pay simulator"): what
 * WeChat Pay's own review, remittance check and signing do to an application, a bank refusing a
 * withdrawal, and a demo shortcut that makes a person a ready 二级商户 at once.
 */
import type { ControlRoute } from '../cloud'
import { HttpError } from '../http'
import { WxError } from './model'
import type { ApplymentState } from './ecommerce'

const STATES: ApplymentState[] = [
  'CHECKING',
  'AUDITING',
  'ACCOUNT_NEED_VERIFY',
  'NEED_SIGN',
  'FINISH',
  'REJECTED',
  'FROZEN',
  'CANCELED',
]

async function wx<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof WxError)
      throw new HttpError(
        err.status,
        err.status === 404 ? 'not_found' : 'invalid_argument',
        `${err.code}: ${err.message}`,
      )
    throw err
  }
}

export const ECOMMERCE_CONTROL_ROUTES: ControlRoute[] = [
  {
    method: 'GET',
    path: '/pay/ecommerce',
    handle: ({ cloud }) => cloud.pay.sim.ecommerce.view(),
  },
  {
    // { state: 'ACCOUNT_NEED_VERIFY' | 'NEED_SIGN' | 'FINISH' | 'REJECTED' …, reason?: { param_name, reject_reason } }
    method: 'POST',
    path: '/pay/applyments/:outRequestNo',
    handle: ({ cloud, params, body }) => {
      if (!STATES.includes(body?.state))
        throw new HttpError(400, 'invalid_argument', `state must be one of ${STATES.join(', ')}`)
      return wx(() => cloud.pay.sim.ecommerce.applymentTo(params.outRequestNo, body.state, body.reason))
    },
  },
  {
    // Moves a person's own application (by openid) to a state: the e2e suite and demos use it.
    method: 'POST',
    path: '/pay/merchants/:openid/applyment',
    handle: ({ cloud, params, body }) => {
      if (!STATES.includes(body?.state))
        throw new HttpError(400, 'invalid_argument', `state must be one of ${STATES.join(', ')}`)
      const [m] = cloud.db.find('merchants', { _id: params.openid }) as Array<{ outRequestNo?: string }>
      if (!m?.outRequestNo) throw new HttpError(404, 'not_found', `no application by ${params.openid}`)
      return wx(() => cloud.pay.sim.ecommerce.applymentTo(m.outRequestNo as string, body.state, body.reason))
    },
  },
  {
    // A ready 二级商户 at once (demo shortcut, like the seed's direct writes): a sub-merchant at the
    // simulator and the record onboarding would leave, masked details only.
    method: 'POST',
    path: '/pay/merchants/:openid/ready',
    handle: ({ cloud, params }) => {
      const existing = cloud.db.find('merchants', { _id: params.openid }) as Array<{
        subMchid?: string
        state?: string
      }>
      if (existing[0]?.state === 'finish') return { subMchid: existing[0].subMchid }
      if (existing[0])
        throw new HttpError(400, 'invalid_argument', 'this person already applied: move the application instead')
      const m = cloud.pay.sim.ecommerce.createSubMerchant({ name: '圈主', bankLast4: '8888', bankName: '招商银行' })
      const now = cloud.clock.now()
      cloud.db.insert('merchants', {
        _id: params.openid,
        subjectType: 'micro',
        merchantShortname: '圈主',
        outRequestNo: `QZMready${params.openid}`.slice(0, 60),
        attempt: 1,
        applymentId: null,
        state: 'finish',
        stateDesc: '完成',
        signUrl: null,
        subMchid: m.subMchid,
        accountValidation: null,
        rejectReasons: [],
        masked: {
          name: '圈*',
          idNumber: '1*************0000',
          bankAccount: '**** **** **** 8888',
          bankName: '招商银行',
          mobile: '138****0000',
        },
        createdAt: now,
        updatedAt: now,
        checkedAt: now,
      })
      return { subMchid: m.subMchid }
    },
  },
  {
    method: 'POST',
    path: '/pay/withdraws/:outRequestNo/fail',
    handle: ({ cloud, params, body }) =>
      wx(() => cloud.pay.sim.ecommerce.failWithdraw(params.outRequestNo, body?.reason)),
  },
]
