/**
 * The `term` function: the owner's expiring list (app action) and the membership term timers
 * (config.json): `sweep` marks lapsed memberships expired and notifies once; `remind` sends the
 * renewal reminders. Both page through memberships and resume from a cursor in `jobs`.
 */
import { createMain } from '../runtime/handler'
import * as actions from './actions'
import { sendReminders } from './remind'
import { sweepExpired } from './sweep'

export const main = createMain({
  name: 'term',
  actions,
  timers: { sweep: (ctx) => sweepExpired(ctx), remind: (ctx) => sendReminders(ctx) },
})
