/** 年卡 for oneself (core/products/pass.ts): a membership term. */
import { membershipStep } from './membership'

export const pass = membershipStep('pass')
