import { createMain } from '../runtime/handler'
import * as actions from './actions'
import { draw } from './draw'

// 抽奖 with 助力 (docs/growth.md). `help` is open to any signed-in friend who opens a shared link;
// the `draw` timer draws due lotteries once and delivers their prizes.
export const main = createMain({ name: 'lottery', actions, timers: { draw } })
