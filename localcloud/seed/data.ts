/**
 * The demo world a newcomer sees after `npm start`: who is who, three circles (one per entry mode)
 * and a week of posts, comments and likes. Pure data; seed/index.ts plays it through the real
 * functions. Times are "days ago, Shanghai wall clock".
 */
import type { Scene } from './png'

export interface DemoUser {
  key: string
  openid: string
  nickname: string
  /** What the dev login shows; derived again from the data at read time. */
  label: '圈主' | '管理员' | '成员' | '路人'
  palette: [string, string]
}

export const DEMO_USERS: DemoUser[] = [
  { key: 'lin', openid: 'o_demo_lin_zhiyuan', nickname: '林知远', label: '圈主', palette: ['#2f6fed', '#7fb2ff'] },
  { key: 'su', openid: 'o_demo_su_nian', nickname: '苏念', label: '圈主', palette: ['#d9486b', '#ffb199'] },
  { key: 'chen', openid: 'o_demo_chen_xiaoyu', nickname: '陈小雨', label: '管理员', palette: ['#0fa37f', '#8ce0c2'] },
  { key: 'wang', openid: 'o_demo_wang_yiming', nickname: '王一鸣', label: '成员', palette: ['#f08c00', '#ffd166'] },
  { key: 'zhao', openid: 'o_demo_zhao_yue', nickname: '赵悦', label: '成员', palette: ['#7048e8', '#c0a8ff'] },
  { key: 'zhou', openid: 'o_demo_zhou_ke', nickname: '周可', label: '成员', palette: ['#1098ad', '#99e9f2'] },
  { key: 'wu', openid: 'o_demo_wu_xiao', nickname: '吴晓', label: '路人', palette: ['#868e96', '#ced4da'] },
]

export interface DemoCircle {
  key: string
  owner: string
  entryMode: 'free' | 'approval' | 'paid'
  scene: Scene
  palette: [string, string, string]
  profile: {
    name: string
    type: 'interest' | 'product' | 'knowledge' | 'resource'
    intro: string
    audience: string
    coreValue: string
    rules: string
    welcome: string
    announcement: string
    tags: string[]
    allowPreview: boolean
  }
  /** Joined through circle.join (free) or, for approval/paid circles, written directly (seed only). */
  members: string[]
  admins: string[]
}

export const DEMO_CIRCLES: DemoCircle[] = [
  {
    key: 'morning',
    owner: 'lin',
    entryMode: 'free',
    scene: 'dawn',
    palette: ['#ffd6a5', '#fdffb6', '#9bf6ff'],
    profile: {
      name: '晨读会',
      type: 'interest',
      intro:
        '一群想把读书变成习惯的人。每天早上读 20 分钟，写几行笔记，互相看见、互相提醒。\n\n我们不追求读得多，只追求每天都在读：一年下来，就是二十多本书和三百多篇自己的思考。',
      audience: '想养成阅读习惯的上班族、学生和新手父母',
      coreValue: '每天 20 分钟，一年读完 24 本书，写下 300 篇读书笔记',
      rules:
        '1. 每天早上 6:30–8:00 发一条读书笔记，带上 #晨读 标签。\n2. 笔记写自己的理解，不要整段摘抄。\n3. 友善交流，不发广告，不拉群。\n4. 连续 7 天未打卡会收到一次提醒。',
      welcome: '欢迎来到晨读会！先读一读置顶的《新人指南》，明早 6:30 我们一起开始第一次晨读吧。',
      announcement: '本月共读书目：《置身事内》，每周日晚 8 点语音分享，记得来。',
      tags: ['读书', '晨读', '习惯'],
      allowPreview: true,
    },
    members: ['chen', 'wang', 'zhao', 'zhou', 'su'],
    admins: ['chen'],
  },
  {
    key: 'pm',
    owner: 'lin',
    entryMode: 'approval',
    scene: 'bars',
    palette: ['#4263eb', '#74c0fc', '#63e6be'],
    profile: {
      name: '产品经理成长营',
      type: 'product',
      intro:
        '给 0–3 年产品经理的实战训练营。每周一个真实案例拆解，每月一次作品集点评，圈主和嘉宾在线答疑。\n\n需要简单审核：写一写你现在的工作和最想解决的问题。',
      audience: '0–3 年经验的产品经理，以及想转行做产品的同学',
      coreValue: '用真实案例练需求分析、原型和数据思维，半年拿出一份能打的作品集',
      rules:
        '1. 提问先写清背景、目标和你已经做过的尝试。\n2. 案例拆解请注明来源，涉及公司机密的内容不要发。\n3. 每周至少参与一次讨论。',
      welcome: '你好，新同学！先在 #自我介绍 标签下发一条帖子，说说你在做什么产品。',
      announcement: '第 12 期案例拆解：「外卖平台的准时宝」，本周五 20:00 开讲。',
      tags: ['产品经理', '职场', '案例'],
      allowPreview: true,
    },
    members: ['chen', 'wang', 'zhao'],
    admins: [],
  },
  {
    key: 'photo',
    owner: 'su',
    entryMode: 'paid',
    scene: 'bokeh',
    palette: ['#3b2f4a', '#c77dff', '#ffd6e0'],
    profile: {
      name: '人像摄影进阶',
      type: 'knowledge',
      intro:
        '从会拍到拍好：布光、引导、色彩和后期，一年 48 节系统课 + 每周作业点评。\n\n圈主苏念，商业人像摄影师，十年拍摄经验。',
      audience: '有相机、会基本操作，想把人像拍出质感的摄影爱好者',
      coreValue: '一年 48 节系统课和每周作业点评，拍出自己的风格',
      rules: '1. 作业请发原图或高清图，附上参数。\n2. 点评对事不对人。\n3. 课程内容仅限圈内学习，请勿外传。',
      welcome: '欢迎加入！第一周作业：用窗边自然光拍一张半身人像，发帖带上 #作业。',
      announcement: '外滩夜景人像外拍报名中：周六晚 19:00 集合，名额 12 人，在「活动」里报名。',
      tags: ['摄影', '人像', '后期'],
      allowPreview: true,
    },
    members: ['lin', 'zhou', 'zhao'],
    admins: [],
  },
]

export interface DemoComment {
  by: string
  text: string
  /** Index of the top-level comment (in this post's list) this replies to. */
  replyTo?: number
}

export interface DemoPost {
  key: string
  circle: string
  by: string
  /** [days ago, hour, minute] on the Shanghai clock. */
  at: [number, number, number]
  text: string
  images?: Array<{ scene: Scene; palette: [string, string, string] }>
  comments?: DemoComment[]
  likes?: string[]
  pinned?: boolean
  featured?: boolean
  preview?: boolean
}

const DAWN: [string, string, string] = ['#ffafcc', '#ffd6a5', '#a0c4ff']
const PAPER: [string, string, string] = ['#f8edeb', '#fcd5ce', '#e8a598']
const SEA: [string, string, string] = ['#023e8a', '#48cae4', '#caf0f8']
const DUSK: [string, string, string] = ['#2b2d42', '#8d99ae', '#ef233c']
const MINT: [string, string, string] = ['#4263eb', '#20c997', '#fab005']
const ROSE: [string, string, string] = ['#5f0f40', '#e36414', '#fb8b24']

export const DEMO_POSTS: DemoPost[] = [
  // ---------- 晨读会 ----------
  {
    key: 'm-guide',
    circle: 'morning',
    by: 'lin',
    at: [7, 6, 30],
    text: '【新人指南】欢迎来到晨读会 👋\n\n1. 每天 6:30–8:00 读 20 分钟，发一条笔记，带上 #晨读。\n2. 笔记三段式：读了什么 / 我的理解 / 今天想用在哪里。\n3. 读完一本书，发一条 #书评，优秀书评会被设为精华。\n\n坚持比速度重要，我们一起慢慢来。',
    images: [{ scene: 'dawn', palette: DAWN }],
    pinned: true,
    featured: true,
    preview: true,
    likes: ['chen', 'wang', 'zhao', 'zhou'],
    comments: [
      { by: 'wang', text: '第一次参加晨读，请问可以读电子书吗？' },
      { by: 'lin', text: '当然可以，纸书、电子书、听书都算，关键是写下自己的理解。', replyTo: 0 },
      { by: 'zhou', text: '三段式好用，昨天试了一下，写起来不费劲了。' },
    ],
  },
  {
    key: 'm-1',
    circle: 'morning',
    by: 'chen',
    at: [6, 7, 5],
    text: '#晨读 第 1 天 ·《置身事内》第一章\n\n读了什么：地方政府在经济发展里扮演的角色。\n我的理解：很多看起来是"市场"的事情，背后都有政府的激励结构。\n今天想用在哪里：看本地新闻时，多问一句"谁出钱、谁受益"。',
    likes: ['lin', 'wang'],
    comments: [{ by: 'lin', text: '"谁出钱、谁受益"这个问题问得好，后面几章会反复用到。' }],
  },
  {
    key: 'm-2',
    circle: 'morning',
    by: 'wang',
    at: [6, 7, 40],
    text: '#晨读 打卡第一天，书桌收拾干净了，咖啡也泡好了，开读！今天读《原则》的前言。',
    images: [{ scene: 'desk', palette: PAPER }],
    likes: ['chen', 'zhao'],
  },
  {
    key: 'm-3',
    circle: 'morning',
    by: 'zhao',
    at: [5, 6, 50],
    text: '#读书笔记 《被讨厌的勇气》\n\n"课题分离"这个概念对我帮助很大：别人怎么评价我，是别人的课题；我要做的，是做好自己的课题。\n\n最近在工作里总想让所有人满意，读到这里有点被点醒。',
    images: [
      { scene: 'books', palette: PAPER },
      { scene: 'waves', palette: SEA },
    ],
    featured: true,
    preview: true,
    likes: ['lin', 'chen', 'wang', 'zhou', 'su'],
    comments: [
      { by: 'zhou', text: '同感！我也是读到课题分离才放过了自己。' },
      { by: 'zhao', text: '对，少了很多内耗。', replyTo: 0 },
      { by: 'chen', text: '这本可以和《非暴力沟通》一起读，很互补。' },
    ],
  },
  {
    key: 'm-4',
    circle: 'morning',
    by: 'zhou',
    at: [4, 7, 15],
    text: '#晨读 地铁上读了 20 分钟《人类简史》，认知革命那一段太精彩了：人类能合作，是因为我们会讲"故事"。',
    likes: ['zhao'],
  },
  {
    key: 'm-5',
    circle: 'morning',
    by: 'su',
    at: [4, 7, 50],
    text: '#晨读 今天读《看见》，柴静写采访的那几段，对拍人像也有启发：先让对方放松，再按快门。',
    images: [{ scene: 'bokeh', palette: ROSE }],
    likes: ['lin', 'zhou'],
  },
  {
    key: 'm-6',
    circle: 'morning',
    by: 'lin',
    at: [3, 6, 40],
    text: '#书评 《置身事内》读完了。\n\n这本书最大的价值，是给了普通人一个理解中国经济的框架：土地财政、地方债、产业政策，原来都连在一起。推荐每位想看懂新闻的朋友读一读。\n\n周日晚 8 点语音分享，欢迎来聊。',
    images: [{ scene: 'books', palette: MINT }],
    featured: true,
    likes: ['chen', 'wang', 'zhao', 'zhou', 'su'],
    comments: [
      { by: 'wang', text: '周日一定到！想听听土地财政那一章。' },
      { by: 'chen', text: '我来整理这次分享的文字稿。' },
      { by: 'lin', text: '辛苦小雨 🙏', replyTo: 1 },
    ],
  },
  {
    key: 'm-7',
    circle: 'morning',
    by: 'wang',
    at: [2, 7, 10],
    text: '#晨读 第 5 天。今天差点睡过头，还是爬起来读完了 20 分钟。坚持下来的感觉真好。',
    likes: ['lin', 'chen', 'zhou'],
    comments: [{ by: 'chen', text: '加油！第一周最难，过了就顺了。' }],
  },
  {
    key: 'm-8',
    circle: 'morning',
    by: 'chen',
    at: [1, 6, 45],
    text: '#读书笔记 《原子习惯》：习惯 = 提示 + 渴望 + 反应 + 奖励。把书放在枕边，就是我给自己的"提示"。',
    images: [{ scene: 'dawn', palette: SEA }],
    likes: ['wang', 'zhao'],
  },
  {
    key: 'm-9',
    circle: 'morning',
    by: 'zhao',
    at: [0, 7, 0],
    text: '#晨读 今天的书：《也许你该找个人聊聊》。心理咨询师也需要咨询师，这个设定太妙了。',
    likes: ['zhou'],
  },
  // ---------- 产品经理成长营 ----------
  {
    key: 'p-guide',
    circle: 'pm',
    by: 'lin',
    at: [7, 21, 0],
    text: '【成长营怎么玩】\n\n每周一：发布本周案例（#案例拆解）\n每周三：大家提交自己的分析\n每周五 20:00：直播点评\n每月底：作品集一对一点评\n\n提问请带 #提问 标签，我和嘉宾会在 24 小时内回复。',
    pinned: true,
    featured: true,
    preview: true,
    likes: ['chen', 'wang', 'zhao'],
    comments: [
      { by: 'zhao', text: '作品集点评需要提前报名吗？' },
      { by: 'lin', text: '月中会发报名帖，先到先得。', replyTo: 0 },
    ],
  },
  {
    key: 'p-1',
    circle: 'pm',
    by: 'wang',
    at: [6, 20, 30],
    text: '#自我介绍 大家好，我是一鸣，在一家 SaaS 公司做了一年 B 端产品，最头疼的是需求优先级怎么排。',
    likes: ['lin', 'chen'],
    comments: [{ by: 'chen', text: '欢迎！可以看看 RICE 模型，我们下周的案例正好讲这个。' }],
  },
  {
    key: 'p-2',
    circle: 'pm',
    by: 'lin',
    at: [5, 9, 0],
    text: '#案例拆解 外卖平台的「准时宝」\n\n思考题：\n1. 它解决的是用户的什么焦虑？\n2. 赔付成本由谁承担？\n3. 如果让你设计赔付规则，你会怎么定？\n\n周三前在评论区交作业。',
    images: [{ scene: 'bars', palette: MINT }],
    featured: true,
    preview: true,
    likes: ['chen', 'wang', 'zhao'],
    comments: [
      { by: 'zhao', text: '1. 等待的不确定感；2. 平台和商家分摊；3. 超时 10 分钟内赔 3 元，之后按分钟递增。' },
      { by: 'lin', text: '第 3 点可以再想想：赔付上限怎么定？会不会被薅羊毛？', replyTo: 0 },
      { by: 'wang', text: '我觉得准时宝更像是给骑手调度的一个约束，而不只是给用户的保险。' },
    ],
  },
  {
    key: 'p-3',
    circle: 'pm',
    by: 'chen',
    at: [4, 22, 10],
    text: '#提问 做用户访谈时，用户说的和实际做的不一样，怎么判断该信哪个？',
    likes: ['wang'],
    comments: [{ by: 'lin', text: '信行为数据，用访谈去理解行为背后的原因。两者矛盾的地方，往往就是机会。' }],
  },
  {
    key: 'p-4',
    circle: 'pm',
    by: 'zhao',
    at: [3, 21, 45],
    text: '#案例拆解 交作业：我画了准时宝的赔付流程图，欢迎拍砖。',
    images: [
      { scene: 'desk', palette: MINT },
      { scene: 'bars', palette: SEA },
    ],
    likes: ['lin', 'chen', 'wang'],
  },
  {
    key: 'p-5',
    circle: 'pm',
    by: 'wang',
    at: [1, 23, 0],
    text: '#面试 下周有个中厂产品岗的二面，面试官是业务负责人，大家有什么建议吗？',
    likes: ['zhao'],
    comments: [{ by: 'chen', text: '提前把对方产品用透，准备 2 个你会怎么改的点。' }],
  },
  // ---------- 人像摄影进阶 ----------
  {
    key: 'ph-guide',
    circle: 'photo',
    by: 'su',
    at: [7, 19, 0],
    text: '【第 1 课 · 窗光人像】\n\n窗光是最好用、也最便宜的光。要点：\n· 人物离窗 1–2 米，侧 45° 最出立体感\n· 白墙或白纸做反光，补暗部\n· 对焦眼睛，光圈 f/2–f/2.8\n\n本周作业：窗光半身像一张，带 #作业 标签。',
    images: [{ scene: 'bokeh', palette: ['#3b2f4a', '#c77dff', '#ffd6e0'] }],
    pinned: true,
    featured: true,
    preview: true,
    likes: ['lin', 'zhou', 'zhao'],
    comments: [
      { by: 'zhou', text: '没有反光板，用泡沫板可以吗？' },
      { by: 'su', text: '可以，白色泡沫板效果很好，还便宜。', replyTo: 0 },
    ],
  },
  {
    key: 'ph-1',
    circle: 'photo',
    by: 'zhou',
    at: [5, 18, 20],
    text: '#作业 第一次用窗光拍家人，50mm f/1.8，ISO 200，1/250s。暗部有点死，求老师点评。',
    images: [{ scene: 'bokeh', palette: DUSK }],
    likes: ['su', 'lin'],
    comments: [
      { by: 'su', text: '构图不错！暗部可以在对侧放一张白纸补光，或者让人物再往窗边靠半米。' },
      { by: 'zhou', text: '收到，周末再拍一组。', replyTo: 0 },
    ],
  },
  {
    key: 'ph-2',
    circle: 'photo',
    by: 'su',
    at: [4, 20, 0],
    text: '#后期 肤色调整三步：先定白平衡，再用 HSL 把橙色饱和度降 5–10，最后局部提亮眼睛。前后对比如图。',
    images: [
      { scene: 'waves', palette: ROSE },
      { scene: 'bokeh', palette: ROSE },
    ],
    featured: true,
    likes: ['lin', 'zhou', 'zhao'],
  },
  {
    key: 'ph-3',
    circle: 'photo',
    by: 'lin',
    at: [2, 19, 30],
    text: '#作业 傍晚在江边拍的逆光，第一次尝试点测光，感觉比以前通透多了。',
    images: [{ scene: 'dawn', palette: ['#ff7b00', '#ffb700', '#3a0ca3'] }],
    likes: ['su', 'zhou'],
    comments: [{ by: 'su', text: '逆光把握得很好，发丝光很漂亮！' }],
  },
  {
    key: 'ph-4',
    circle: 'photo',
    by: 'zhao',
    at: [0, 12, 30],
    text: '#器材 预算 3000 左右，想买第一支人像定焦，85mm f/1.8 还是 50mm f/1.4？',
    likes: ['zhou'],
    comments: [{ by: 'su', text: '室内多选 50，室外半身特写多选 85。新手我更推荐 50，适应面更广。' }],
  },
]

// ---------- money: what 人像摄影进阶 sells, and who bought lately ----------

/** shop.setPricing of the paid circle: ¥199 a year (划线价 ¥299), or the annual pass ¥299. */
export const DEMO_PRICING = {
  entry: { priceFen: 19_900, markedPriceFen: 29_900, term: { kind: 'rolling' as const, days: 365 } },
  pass: { priceFen: 29_900, days: 365 },
}

/** shop.saveCourse of the paid circle (the first lesson is free to try). */
export const DEMO_COURSE = {
  title: '人像布光入门：一盏灯到三盏灯',
  intro: '从窗边自然光到三灯布光，4 节课讲清主光、辅光、轮廓光的位置和比例，每节附布光图和练习。',
  priceFen: 9_900,
  memberDiscountBps: 2_000,
  scene: 'bokeh' as Scene,
  palette: ['#22223b', '#9a8c98', '#f2e9e4'] as [string, string, string],
  lessons: [
    {
      title: '第 1 课 · 看懂光：硬光、软光和光比',
      body: '同一张脸，换一种光就换一种情绪。这一课用 6 组对比图讲清硬光与软光、光比 1:2 到 1:8 的差别。\n\n练习：在窗边拍三张，分别让窗户在模特正面、侧面和背后。',
      free: true,
    },
    {
      title: '第 2 课 · 一盏灯：伦勃朗光与蝴蝶光',
      body: '主光 45° 高位，脸颊上出现倒三角——这就是伦勃朗光。再把灯移到正前上方，就是蝴蝶光。',
      free: false,
    },
    {
      title: '第 3 课 · 两盏灯：加一块反光板还是一盏辅光',
      body: '辅光决定阴影有多深。反光板便宜好用，辅光灯更可控；这一课讲什么时候用哪个。',
      free: false,
    },
    {
      title: '第 4 课 · 三盏灯：轮廓光把人从背景里“拎”出来',
      body: '轮廓光放在模特后侧方，勾出头发和肩膀的边。最后把三盏灯合在一起，拍一张完整的棚拍人像。',
      free: false,
    },
  ],
}

export interface DemoPurchase {
  circle: string
  by: string
  product: 'entry' | 'pass' | 'course'
  /** [days ago, hour, minute] on the Shanghai clock. */
  at: [number, number, number]
}

/**
 * Bought after the circle's members paid their entry (those are older than 72 h, so 可提现):
 * these are inside the refund window, so the owner's income shows 待结算 too.
 */
export const DEMO_LATE_PURCHASES: DemoPurchase[] = [
  { circle: 'photo', by: 'zhou', product: 'course', at: [0, 13, 10] },
  { circle: 'photo', by: 'zhao', product: 'course', at: [0, 15, 40] },
]
