/**
 * Demo 拼团: 苏念 offers 人像摄影进阶's entry to groups of 3 at 99 元 (instead of 199 元) within 48
 * hours. 吴晓 (not a member yet) started a group yesterday evening and paid for the first seat, so
 * the group page shows 1 of 3 seats taken, two to go and its countdown (the deadline is tomorrow
 * evening); anyone who opens it may join, and a third payment completes it.
 */
import type { SeedContext } from './context'

export async function seedGroup({ call, at, later, openidOf, circleId, pay }: SeedContext): Promise<void> {
  at(1, 19, 30)
  const offer = await call(
    'group',
    'createOffer',
    { circleId: circleId('photo'), product: { kind: 'entry' }, size: 3, priceFen: 9_900, limitHours: 48 },
    openidOf('su'),
  )
  at(1, 20, 0)
  const started = await call('group', 'start', { offerId: offer.id, platform: 'h5' }, openidOf('wu'))
  later(1)
  await pay(started.orderId, openidOf('wu'))
}
