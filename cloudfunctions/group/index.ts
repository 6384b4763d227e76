import { createMain } from '../runtime/handler'
import * as actions from './actions'
import { expire } from './expire'

// 拼团 (docs/growth.md "拼团"). The `expire` timer fails groups short at their deadline (refunding
// every member once) and finishes groups a crash left half granted or half refunded.
export const main = createMain({ name: 'group', actions, timers: { expire: (ctx) => expire(ctx.now) } })
