import { createMain } from '../runtime/handler'
import * as actions from './actions'
import { publishScheduled } from './schedule'

// The `publishScheduled` timer publishes scheduled posts at their minute (./schedule.ts).
export const main = createMain({ name: 'post', actions, anonymous: ['get'], timers: { publishScheduled } })
