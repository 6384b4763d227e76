import { createMain } from '../runtime/handler'
import { applyPoints } from '../runtime/points'
import * as actions from './actions'

// The `points` timer adds earned points to totals, months and titles (runtime/points.ts).
export const main = createMain({ name: 'perk', actions, timers: { points: (ctx) => applyPoints(ctx.now) } })
