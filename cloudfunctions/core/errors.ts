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
  entry_requires_approval: '这个圈子需要提交申请，审核通过后加入',
  entry_requires_payment: '该圈子需付费加入，付费入圈即将开放',
  owner_cannot_leave: '圈主不能退出自己的圈子',
  pin_limit_reached: '最多只能置顶 3 条动态',
  preview_limit_reached: '最多只能选择 5 条精华用于预览',
  not_featured: '只有精华动态可以放入预览',
  id_conflict: '请求与之前的同一操作不一致',
  // money (docs/money.md)
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
  not_approval_circle: '这个圈子无需申请，可以直接加入或购买',
  application_pending: '你的申请正在审核中，请耐心等待',
  application_approved: '你的申请已通过，请在期限内完成支付',
  application_required: '这个圈子需要先提交入圈申请，审核通过后才能加入',
  application_rejected: '你的入圈申请未通过，可以修改后重新申请',
  application_not_pending: '这份申请已经处理过或已过期',
  payment_window_passed: '审核通过后的付款期限已过，请重新申请',
  answer_required: '还有必答题没有回答',
  comp_not_needed: '该成员长期有效，无需赠送',
  invite_invalid: '邀请链接无效或已失效',
  // ---- pricing: coupons and renewal (shop) ----
  coupon_not_found: '优惠码不存在，请检查后再试',
  coupon_not_started: '优惠券还没到可以使用的时间',
  coupon_expired: '优惠券已过期或已停用',
  coupon_used_up: '优惠券已被领完',
  coupon_already_used: '你已经用过这张优惠券了',
  coupon_reserved: '这张优惠券正用于你的一笔待支付订单，请继续支付，或等订单超时关闭后再用',
  coupon_not_applicable: '这张优惠券不适用于当前商品',
  coupon_code_taken: '这个优惠码已经存在，请换一个',
  trial_unavailable: '这个圈子没有开放免费试用',
  trial_used: '你已经试用过或加入过这个圈子，不能再试用',
  term_switch_not_allowed: '已有成员付费，不能再改为统一到期，只能从统一到期改为按购买日计算',
  // ---- lifecycle: expiry, renewal reminders, notifications, subscription grants (notify function, timers) ----
  // ---- moderation: roles, moderation, reports, content security and protection (moderate function) ----
  muted: '你已被禁言，暂时不能发布内容',
  circle_muted: '圈子已开启全员禁言，暂时只有圈主和管理员可以发言',
  quiet_hours: '现在是圈子的休息时段，暂时不能发布内容',
  new_member_muted: '新成员入圈后需等待一段时间才能发言',
  guest_limit_reached: '每个圈子最多设置 50 位嘉宾',
  blacklisted: '你已被该圈子拉黑，不能加入',
  already_reported: '你已经举报过这条内容，请等待处理',
  report_closed: '该举报已经处理过了',
  // ---- content: content security, held content, files, watermark ----
  content_risky: '内容可能含有违规信息，请修改后再发布',
  not_held: '这条内容已经处理过了',
  file_not_found: '附件不存在或已被删除',
  file_not_previewable: '只有 PDF、Word、Excel、PPT 文件可以设置禁止下载（其他类型无法在小程序内预览）',
  // ---- challenge: check-in challenges and deposits (challenge function) ----
  challenge_start_past: '开始日期不能早于今天',
  challenge_already_enrolled: '你已经报名了这个挑战',
  challenge_not_enrolled: '报名挑战后才能打卡',
  challenge_not_started: '挑战还没有开始',
  challenge_ended: '挑战已经结束',
  checkin_outside_window: '现在不在每日打卡时间内',
  checkin_too_short: '打卡内容字数不够',
  checkin_photo_required: '这个挑战打卡需要上传照片',
  already_checked_in_today: '今天已经打卡',
  makeup_day_invalid: '只能补挑战期内、今天之前漏掉的日子',
  makeup_quota_used: '补卡次数已用完',
  // ---- qa: paid Q&A and peek (qa function) ----
  qa_not_answerer: '对方还没有开通付费问答',
  qa_self_question: '不能向自己提问',
  qa_not_pending: '这个问题已经回答过了',
  qa_expired: '已超过回答期限，费用将自动退还提问者',
  qa_refunded: '这个问题已退款，不能再回答',
  qa_not_peekable: '这个问题不能偷看',
  // ---- event: events, tickets, check-in at the door (event function) ----
  event_signup_closed: '报名已截止',
  event_full: '名额已满',
  event_already_signed_up: '你已经报名了这个活动',
  event_not_signed_up: '你还没有报名这个活动',
  event_cancel_closed: '已过取消报名的截止时间，不能再取消',
  event_checked_in: '门票已核销，不能取消',
  event_payment_window_passed: '支付期限已过，名额已让给下一位',
  event_capacity_too_small: '人数上限不能少于已占用的名额',
  event_price_locked: '已有人报名，不能再修改票价',
  event_ended: '活动已结束',
  ticket_invalid: '无效的门票码，可能是伪造或输错了',
  ticket_wrong_event: '这张门票不属于本场活动',
  ticket_void: '门票已失效（已取消、未支付或已过期）',
  // ---- perk: perks, points and honor titles (perk function) ----
  perk_already_claimed: '你已经领取过这项权益了',
  perk_unavailable: '这项权益已下架',
  perk_out_of_stock: '权益已被领完了',
  perk_tenure_required: '入圈时间还不够，暂时不能领取',
  perk_pass_required: '这项权益仅限年卡会员领取',
  // ---- the request itself (the gateway and every function's boundary) ----
  request_not_json: '请求内容不是有效的 JSON',
  request_not_object: '请求内容格式有误，应为一个对象',
  request_too_large: '请求内容过大',
  request_method_not_allowed: '不支持的请求方式',
  // ---- posts: search, files, scheduled posts (post function; docs/search.md) ----
  search_keyword_too_short: '请输入至少两个连续的字或字母',
  search_needs_filter: '请输入关键词，或选择标签、作者',
  schedule_too_soon: '定时发布的时间需要晚于现在',
  schedule_too_far: '最多只能提前 14 天定时发布',
  schedule_not_editable: '这条定时动态已发布或已处理，不能再修改',
  // ---- device: the WeChat session behind virtual payment (docs/payments.md) ----
  session_expired: '登录状态已过期，请稍后重试',
  conflict: '操作太频繁，请稍后再试',
  internal: '服务开小差了，请稍后再试',
  network: '网络不太好，请检查网络后重试',
  // ---- settlement: 平台收付通 sub-merchants, settlement modes (wallet function) ----
  merchant_not_ready: '圈主还没有开通微信支付收款，暂时不能付费加入',
  merchant_setup_required: '开通微信支付收款后才能收费：请先在「收款账户」提交商户资料',
  merchant_application_open: '收款申请正在处理中，请按当前步骤完成后再试',
  owner_income_not_withdrawable: '圈子收入直接进入运营方的商户号，无需提现',
  shares_paid_by_sharing: '分成已由微信支付分账直接转入你的微信零钱，无需提现',
  merchant_not_needed: '圈子收入由运营方统一收款，圈主无需开通收款账户',
  // ---- lottery: 抽奖 with 助力 (lottery function; docs/growth.md) ----
  lottery_draw_time: '开奖时间需在 10 分钟后、30 天内',
  lottery_too_many_prizes: '奖品总数不能超过 100 份',
  lottery_closed: '抽奖已截止',
  lottery_already_entered: '你已经参加了这个抽奖',
  lottery_not_entered: '对方还没有参加这个抽奖',
  lottery_self_help: '不能给自己助力',
  lottery_already_helped: '你已经在这个抽奖里助力过别人了',
  lottery_help_full: '对方的助力次数已满',
  lottery_not_winner: '你没有中这个实物奖品',
  lottery_no_address: '中奖者还没有填写收货地址',
  // ---- group: 拼团 (group function; docs/growth.md "拼团") ----
  group_price_invalid: '拼团价需低于原价，且至少 0.01 元',
  group_offer_closed: '这个拼团活动已结束',
  group_offer_limit: '同时进行的拼团活动最多 10 个',
  group_closed: '这个团已结束，换一个团或自己开团吧',
  group_full: '这个团已经满员了',
  group_already_joined: '你已经在这个团里了',
  // ---- growth: lottery entry conditions, 新人任务, 邀请里程碑 (lottery and growth functions; docs/growth.md) ----
  lottery_checkin_days: '打卡天数不够，暂时不能参加这个抽奖',
  lottery_points_short: '积分不足，暂时不能参加这个抽奖',
  growth_no_tasks: '请至少选择一项新人任务',
  growth_not_enabled: '圈主还没有开启这项活动',
  growth_tasks_open: '还有新人任务没有完成',
  growth_already_rewarded: '奖励已经领取过了',
  growth_milestone_not_reached: '邀请人数还没有达到',
  growth_month_needs_paid: '只有付费圈子可以奖励会员时长',
  // ---- money residuals: deposits and guest answers in 平台收付通 mode (docs/payments.md) ----
  challenge_deposit_too_long: '带押金的挑战需在 170 天内结束，请调整开始日期或天数',
  guest_share_over_cap: '嘉宾分成加上平台服务费不能超过每笔订单的 30%',
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
  questions: '问卷题目',
  payWindowHours: '付款期限',
  answers: '问卷回答',
  round: '申请',
  grantDays: '赠送天数',
  requestId: '请求编号',
  channel: '渠道',
  // ---- pricing ----
  couponCode: '优惠码',
  couponId: '优惠券',
  inviteCode: '邀请码',
  couponKind: '优惠类型',
  offBps: '折扣',
  couponLimit: '发放数量',
  validFrom: '开始时间',
  validUntil: '结束时间',
  couponScopes: '适用范围',
  listed: '展示方式',
  trialDays: '试用天数',
  renewal: '续费设置',
  // ---- lifecycle ----
  accepted: '订阅消息授权',
  withinDays: '到期时间范围',
  view: '续费状态',
  id: '通知',
  // ---- moderation ----
  duration: '禁言时长',
  quietHours: '休息时段',
  newMemberMuteDays: '新成员禁言天数',
  muteAll: '全员禁言',
  note: '补充说明',
  targetId: '举报的内容',
  reportId: '举报',
  decision: '处理方式',
  refund: '退款',
  // ---- content: content security, held content, files, watermark ----
  files: '附件',
  approve: '审核结果',
  fileIndex: '附件',
  watermark: '水印',
  // ---- challenge ----
  challengeId: '挑战',
  startDay: '开始日期',
  days: '挑战天数',
  requiredDays: '完成所需天数',
  windowStart: '每日打卡开始时间',
  windowEnd: '每日打卡结束时间',
  minWords: '最少字数',
  photoRequired: '是否需要照片',
  makeupQuota: '补卡次数',
  reward: '完成奖励',
  depositFen: '押金',
  day: '补卡日期',
  by: '榜单',
  // ---- qa ----
  answerer: '回答者',
  questionId: '问题',
  anonymous: '匿名',
  isPublic: '公开',
  box: '列表',
  freeQuestionsPerTerm: '免费提问次数',
  expireHours: '回答期限',
  peekPriceFen: '偷看价格',
  askerShareBps: '提问者分成比例',
  // ---- settlement ----
  subjectType: '主体类型',
  merchantShortname: '商户简称',
  license: '营业执照',
  'idCard.number': '身份证号码',
  'idCard.validFrom': '证件有效期开始日期',
  'idCard.validTo': '证件有效期结束日期',
  'bank.accountNumber': '银行账号',
  'bank.accountType': '账户类型',
  'bank.accountName': '开户名称',
  'contact.mobile': '手机号码',
  storeName: '店铺名称',
  // ---- event ----
  eventId: '活动',
  startAt: '开始时间',
  endAt: '结束时间',
  place: '活动地点',
  capacity: '人数上限',
  form: '报名表',
  signupDeadline: '报名截止时间',
  cancelDeadline: '取消报名截止时间',
  refundPct: '退款比例',
  waitlist: '候补',
  contactName: '姓名',
  contactPhone: '手机号',
  // ---- perk ----
  perkId: '权益',
  kind: '类型',
  link: '链接',
  eligibility: '领取条件',
  stock: '数量',
  codes: '兑换码',
  description: '说明',
  weights: '积分规则',
  titles: '荣誉称号',
  month: '月份',
  // ---- posts: search, files, scheduled posts ----
  q: '关键词',
  authorId: '作者',
  scheduledId: '定时动态',
  publishAt: '发布时间',
  // ---- lottery ----
  lotteryId: '抽奖',
  prizes: '奖品',
  drawAt: '开奖时间',
  helpCap: '助力上限',
  helpee: '助力对象',
  // ---- group ----
  groupId: '拼团',
  offerId: '拼团活动',
  size: '成团人数',
  limitHours: '拼团时限',
  // ---- growth ----
  minCheckinDays: '打卡天数要求',
  pointsCost: '参与积分',
  tasks: '新人任务',
  introTag: '自我介绍话题',
  guide: '新人指南',
  milestones: '邀请里程碑',
  invitees: '邀请人数',
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

/** `now`: the server's clock when it answered (ISO), so the app's countdowns follow the server, not the phone. */
export type Envelope<T> = { ok: true; data: T; now?: string } | { ok: false; error: ErrorBody }
