import type { OrderStatus, ProductKind, StatementLine, WithdrawalState } from '@core/contract'

export const STATEMENT_KIND_LABELS: Record<StatementLine['kind'], string> = {
  payment: '收入',
  settlement: '结算',
  refund: '退款',
  withdrawal: '提现',
  withdrawal_return: '提现退回',
  profit_sharing: '分账',
  sharing_return: '分账回退',
  correction: '调整',
  forfeit: '押金没收',
}

export const WITHDRAWAL_STATE_LABELS: Record<WithdrawalState, string> = {
  requested: '处理中',
  transferring: '转账中',
  waiting_confirm: '待确认收款',
  succeeded: '已到账',
  failed: '失败，已退回',
  expired: '已过期，已退回',
}

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending: '待支付',
  paid: '已支付',
  refunded: '已退款',
  partially_refunded: '部分退款',
  closed: '已关闭',
}

export const PRODUCT_KIND_LABELS: Record<ProductKind, string> = {
  entry: '入圈',
  pass: '年卡',
  pass_gift: '年卡（赠送）',
  course: '课程',
  question: '付费提问',
  peek: '偷看回答',
  deposit: '挑战押金',
  ticket: '活动门票',
}

/** Income stays pending while buyers may still refund (money.md: 72 h, configurable on the server). */
export const REFUND_WINDOW_HOURS = 72
