import { createMain } from '../runtime/handler'
import * as actions from './actions'

// 新人任务 and 邀请里程碑 (docs/growth.md): progress read from the real records, rewards given once.
export const main = createMain({ name: 'growth', actions })
