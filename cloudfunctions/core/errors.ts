/**
 * The closed error vocabulary. Every function answers with one of these codes; the app shows the
 * Chinese text from ERROR_MESSAGES (the one table), never a server-made sentence.
 */
export const ERROR_MESSAGES = {
  invalid_argument: '填写的内容有误，请检查后再试',
  unknown_action: '不支持的操作',
  unauthenticated: '请先登录',
  forbidden: '你没有权限进行此操作',
  not_found: '内容不存在或已被删除',
  not_member: '加入圈子后才能查看和参与',
  already_member: '你已经是圈子成员了',
  circle_closed: '圈子已关闭，只能浏览',
  entry_requires_approval: '该圈子需要审核后加入，审核入圈即将开放',
  entry_requires_payment: '该圈子需付费加入，付费入圈即将开放',
  owner_cannot_leave: '圈主不能退出自己的圈子',
  pin_limit_reached: '最多只能置顶 3 条动态',
  preview_limit_reached: '最多只能选择 5 条精华用于预览',
  not_featured: '只有精华动态可以放入预览',
  id_conflict: '请求与之前的同一操作不一致',
  // money (money.md)
  product_unavailable: '该商品暂不可购买',
  payment_channel_unavailable: '当前设备暂不支持这种支付方式',
  order_not_found: '订单不存在',
  order_closed: '订单已超时关闭，请重新下单',
  order_not_paid: '订单还没有支付成功',
  order_not_refundable: '该订单当前不能退款',
  refund_window_passed: '已超过自助退款期限',
  refund_limit_reached: '你在这个圈子的自助退款次数已用完',
  refund_not_covered: '圈主账户余额不足以退款，请联系圈主',
  split_cap_exceeded: '分给合伙人和推荐人的比例合计超过了分账上限',
  invalid_split_rules: '分成规则有误，请检查后再保存',
  gift_code_invalid: '礼品码无效或已被领取',
  already_purchased: '你已经购买过了',
  withdraw_below_minimum: '单次提现至少 1 元',
  withdraw_daily_limit: '超过了每日提现上限',
  insufficient_balance: '可提现余额不足',
  withdrawal_in_progress: '你有一笔提现正在处理中，完成后再试',
  real_name_required: '这笔提现需要先完成实名认证',
  withdrawal_not_found: '提现记录不存在',
  notification_rejected: '支付通知校验失败',
  // ---- entry: entry: applications, trials, complimentary memberships, invitations (member function) ----
  // (end entry)
  // ---- pricing: coupons and renewal (shop) ----
  // (end pricing)
  // ---- lifecycle: expiry, renewal reminders, notifications, subscription grants (notify function, timers) ----
  // (end lifecycle)
  // ---- moderation: roles, moderation, reports, content security and protection (moderate function) ----
  // (end moderation)
  // ---- content: content security, held content, files, watermark ----
  // (end content)
  // ---- challenge: check-in challenges and deposits (challenge function) ----
  // (end challenge)
  // ---- qa: paid Q&A and peek (qa function) ----
  // (end qa)
  // ---- event: events, tickets, check-in at the door (event function) ----
  // (end event)
  // ---- perk: perks, points and honor titles (perk function) ----
  // (end perk)
  conflict: '操作太频繁，请稍后再试',
  internal: '服务开小差了，请稍后再试',
  network: '网络不太好，请检查网络后重试',
} as const

export type ErrorCode = keyof typeof ERROR_MESSAGES

/** Messages for a bad field, keyed by the field name the schema reports. */
export const FIELD_LABELS: Record<string, string> = {
  name: '圈子名称',
  intro: '圈子简介',
  coverUrl: '封面',
  avatarUrl: '头像',
  type: '圈子类型',
  audience: '目标成员',
  coreValue: '核心价值',
  rules: '圈子规则',
  welcome: '入圈欢迎语',
  announcement: '公告',
  tags: '标签',
  entryMode: '入圈方式',
  text: '内容',
  images: '图片',
  nickname: '昵称',
  cursor: '分页参数',
  tab: '分类',
  tag: '标签',
  circleId: '圈子',
  postId: '动态',
  commentId: '评论',
  parentId: '回复的评论',
  role: '角色',
  openid: '成员',
  orderId: '订单',
  courseId: '课程',
  code: '礼品码',
  reason: '原因',
  title: '标题',
  lessons: '课时',
  priceFen: '价格',
  markedPriceFen: '划线价',
  amountFen: '金额',
  memberDiscountBps: '成员折扣',
  referrerBps: '推荐佣金比例',
  partners: '合伙人分成',
  entry: '入圈价格',
  pass: '年卡价格',
  product: '商品',
  platform: '设备',
  withdrawalId: '提现记录',
  // ---- entry ----
  // (end entry)
  // ---- pricing ----
  // (end pricing)
  // ---- lifecycle ----
  // (end lifecycle)
  // ---- moderation ----
  // (end moderation)
  // ---- content: content security, held content, files, watermark ----
  // (end content)
  // ---- challenge ----
  // (end challenge)
  // ---- qa ----
  // (end qa)
  // ---- event ----
  // (end event)
  // ---- perk ----
  // (end perk)
}

export function messageFor(code: ErrorCode, param?: string): string {
  if (code === 'invalid_argument' && param) {
    const label = FIELD_LABELS[param.split('.')[0]]
    if (label) return `${label}填写有误，请检查后再试`
  }
  return ERROR_MESSAGES[code] ?? ERROR_MESSAGES.internal
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code)
}

/** A rule was broken: thrown by core and actions, turned into the envelope by the function entry. */
export class DomainError extends Error {
  readonly code: ErrorCode
  readonly param?: string
  constructor(code: ErrorCode, message?: string, param?: string) {
    super(message ?? messageFor(code, param))
    this.name = 'DomainError'
    this.code = code
    this.param = param
  }
}

export interface ErrorBody {
  code: ErrorCode
  message: string
  param?: string
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }
