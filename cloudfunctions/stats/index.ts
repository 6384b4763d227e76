import { createMain } from '../runtime/handler'
import * as actions from './actions'
import { runAggregate } from './aggregate'

// The owner's numbers (docs/stats.md). `track` is called from the landing page by anyone (a
// visitor without a session counts nothing); the `aggregate` timer finishes yesterday's figures.
export const main = createMain({
  name: 'stats',
  actions,
  anonymous: ['track'],
  timers: { aggregate: (ctx) => runAggregate(ctx) },
})
