import { createMain } from '../runtime/handler'
import * as actions from './actions'
import { settle } from './deposits'

export const main = createMain({ name: 'challenge', actions, timers: { settle } })
