import { createMain } from '../runtime/handler'
import * as actions from './actions'

export const main = createMain({ name: 'term', actions })
