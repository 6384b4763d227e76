import { createMain } from '../runtime/handler'
import { promoteDue } from '../runtime/tickets'
import * as actions from './actions'
import { settleTicketOrder } from './orders'

export const main = createMain({
  name: 'event',
  actions,
  timers: {
    // Held seats whose time to pay ran out go back; freed seats go to the waitlist (docs/events.md).
    promote: (ctx) => promoteDue(ctx.now, (orderId, now) => settleTicketOrder(orderId, now, { onlyExpired: true })),
  },
})
