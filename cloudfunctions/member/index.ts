import { createMain } from '../runtime/handler'
import * as actions from './actions'
import { expireApplications } from './expire'
import { remindPayment } from './payReminders'

export const main = createMain({
  name: 'member',
  actions,
  // a visitor opening an invite or a circle's questionnaire may not have a session yet
  anonymous: ['questionnaire', 'invite'],
  timers: { expireApplications: (ctx) => expireApplications(ctx), remindPayment: (ctx) => remindPayment(ctx) },
})
