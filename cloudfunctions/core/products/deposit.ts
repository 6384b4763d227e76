/** 挑战押金: held for the member; the challenge's rules refund it (completed) or forfeit it. Product id = the challenge. */
import type { ProductRule } from './types'

export const deposit: ProductRule = {
  kind: 'deposit',
  label: '挑战押金',
  selfRefund: null,
  noSelfRefund: '押金按挑战规则处理：完成挑战后自动原路退回，未完成则不退',
  ownerRefund: false,
  grants: 'deposit',
  income: 'deposit',
  refundConsequence: '押金按挑战规则退回。',
  destination: (product) => ({ kind: 'challenge', challengeId: product.id }),
  rebuy: () => null,
}
