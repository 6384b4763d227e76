/**
 * The pay simulator's control routes, /_control/pay/… (docs/control-api.md "Pay simulator").
 */
import type { ControlRoute, LocalCloud } from '../cloud'
import { HttpError } from '../http'
import { WxError } from './model'
import { FORGE_FLAWS, type Delivery, type ForgeFlaw, type NotificationPlan } from './simulator'
import { ECOMMERCE_CONTROL_ROUTES } from './ecommerce-control'

function sim(cloud: LocalCloud) {
  return cloud.pay.sim
}

/** WeChat's refusals become control-API errors with the same status. */
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

const deliveryView = (d: Delivery) => ({
  id: d.id,
  notificationId: d.notificationId,
  ref: d.ref,
  eventType: d.eventType,
  url: d.url,
  state: d.state,
  hold: d.hold,
  nextAt: d.nextAt,
  copy: d.copy,
  resource: d.resource,
  attempts: d.attempts,
})

function readPlan(body: any): NotificationPlan {
  const plan: NotificationPlan = {}
  if (body?.copies !== undefined) {
    if (!Number.isInteger(body.copies) || body.copies < 1 || body.copies > 10)
      throw new HttpError(400, 'invalid_argument', 'copies must be 1–10')
    plan.copies = body.copies
  }
  if (body?.delayMs !== undefined) {
    if (typeof body.delayMs !== 'number' || body.delayMs < 0)
      throw new HttpError(400, 'invalid_argument', 'delayMs must be ≥ 0')
    plan.delayMs = body.delayMs
  }
  if (body?.hold !== undefined) {
    if (body.hold !== 'advance' && body.hold !== 'release')
      throw new HttpError(400, 'invalid_argument', 'hold must be "advance" or "release"')
    plan.hold = body.hold
  }
  if (body?.drop !== undefined) plan.drop = body.drop === true
  if (Object.keys(plan).length === 0)
    throw new HttpError(400, 'invalid_argument', 'send one of copies, delayMs, hold, drop')
  return plan
}

export const PAYSIM_CONTROL_ROUTES: ControlRoute[] = [
  {
    method: 'GET',
    path: '/pay/state',
    handle({ cloud }) {
      const s = sim(cloud).snapshot()
      return {
        orders: Object.values(s.orders),
        refunds: Object.values(s.refunds),
        profitSharing: { receivers: Object.values(s.receivers), orders: Object.values(s.sharings) },
        transfers: Object.values(s.transfers),
        notifications: s.deliveries.map(deliveryView),
        plans: s.plans,
        failNextRefunds: s.failNextRefunds,
      }
    },
  },
  {
    method: 'GET',
    path: '/pay/env',
    handle: ({ cloud }) => ({ env: cloud.pay.functionEnv() }),
  },
  {
    method: 'POST',
    path: '/pay/next-notification/:ref',
    handle: ({ cloud, params, body }) => ({ ref: params.ref, plan: sim(cloud).setPlan(params.ref, readPlan(body)) }),
  },
  {
    method: 'POST',
    path: '/pay/notifications/release',
    async handle({ cloud, body }) {
      const released = await sim(cloud).release(typeof body?.ref === 'string' ? body.ref : undefined)
      return { notifications: released.map(deliveryView) }
    },
  },
  {
    method: 'POST',
    path: '/pay/notifications/flush',
    async handle({ cloud }) {
      const sent = await sim(cloud).flush()
      return { notifications: sent.map(deliveryView) }
    },
  },
  {
    method: 'POST',
    path: '/pay/notifications/forge',
    async handle({ cloud, body }) {
      if (typeof body?.orderId !== 'string') throw new HttpError(400, 'invalid_argument', 'orderId is required')
      const flaw = (body.flaw ?? 'signature') as ForgeFlaw
      if (!FORGE_FLAWS.includes(flaw))
        throw new HttpError(400, 'invalid_argument', `flaw must be one of ${FORGE_FLAWS.join(', ')}`)
      return wx(() => sim(cloud).forge({ orderId: body.orderId, flaw, url: body.url, amountFen: body.amountFen }))
    },
  },
  {
    method: 'POST',
    path: '/pay/orders/:orderId/pay',
    handle: ({ cloud, params }) => wx(() => sim(cloud).pay(params.orderId)),
  },
  {
    method: 'POST',
    path: '/pay/refunds/fail-next',
    handle({ cloud, body }) {
      sim(cloud).failNextRefund(typeof body?.orderId === 'string' ? body.orderId : undefined)
      return { failNextRefunds: sim(cloud).snapshot().failNextRefunds }
    },
  },
  {
    method: 'POST',
    path: '/pay/transfers/:outBillNo/fail',
    handle: ({ cloud, params, body }) =>
      wx(() => sim(cloud).failTransfer(params.outBillNo, typeof body?.reason === 'string' ? body.reason : undefined)),
  },
  {
    method: 'POST',
    path: '/pay/transfers/:outBillNo/expire',
    handle: ({ cloud, params }) => wx(() => sim(cloud).expireTransfer(params.outBillNo)),
  },
  // 平台收付通 (ecommerce-control.ts)
  ...ECOMMERCE_CONTROL_ROUTES,
]
