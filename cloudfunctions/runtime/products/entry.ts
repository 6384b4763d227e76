/** 入圈 (core/products/entry.ts): a membership term. */
import { membershipStep } from './membership'

export const entry = membershipStep('paid')
