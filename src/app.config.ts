// The dev login exists only in H5 (the local cloud's demo users); WeChat always knows who you are.
const isH5 = process.env.TARO_ENV === 'h5'

export default defineAppConfig({
  // Main package: only the three tabs (WeChat's rule: tab pages must be in the main package).
  pages: [
    'pages/discover/index',
    'pages/mine/index',
    'pages/profile/index',
    ...(isH5 ? ['pages/dev-login/index'] : []),
  ],
  subPackages: [
    {
      root: 'packageCircle',
      pages: [
        'pages/circle/index',
        'pages/post/index',
        'pages/compose/index',
        'pages/members/index',
        'pages/review/index',
        'pages/search/index',
        'pages/schedule/index',
      ],
    },
    {
      root: 'packageManage',
      pages: ['pages/create/index', 'pages/edit/index'],
    },
    {
      // The owner's money: income and withdrawals, pricing and shares, courses, orders (docs/money.md).
      root: 'packageMoney',
      pages: [
        'pages/earnings/index',
        'pages/withdraw/index',
        'pages/pricing/index',
        'pages/courses/index',
        'pages/course-edit/index',
        'pages/orders/index',
        'pages/coupons/index',
        'pages/merchant/index',
      ],
    },
    {
      // The buyer's money: catalog and checkout, the local cashier, result, orders, gift codes, courses.
      root: 'packagePay',
      pages: [
        'pages/buy/index',
        'pages/cashier/index',
        'pages/result/index',
        'pages/orders/index',
        'pages/order/index',
        'pages/redeem/index',
        'pages/course/index',
        'pages/renew/index',
      ],
    },
    // One subpackage per feature of issues 4 and 5, each with its own store.
    // ---- entry: packageJoin ----
    {
      // Entry: apply (questionnaire), the review queue, the questionnaire editor, invite poster, 赠送会员, QR landing.
      root: 'packageJoin',
      pages: [
        'pages/apply/index',
        'pages/applications/index',
        'pages/questionnaire/index',
        'pages/invite/index',
        'pages/grant/index',
        'pages/open/index',
      ],
    },
    // ---- lifecycle: packageInbox ----
    {
      // 消息通知 (the notification centre) and the team's expiring-members list (issue 4).
      root: 'packageInbox',
      pages: ['pages/inbox/index', 'pages/expiring/index'],
    },
    // ---- moderation: packageAdmin ----
    {
      // The team's moderation: 发言管理 (mute-all, quiet hours, new members), reports, blacklist.
      root: 'packageAdmin',
      pages: ['pages/settings/index', 'pages/reports/index', 'pages/blacklist/index'],
    },
    // ---- content: content security, held content, files, watermark ----
    // ---- challenge: packageCheckin ----
    {
      // Check-in challenges and deposits (docs/features.md §6).
      root: 'packageCheckin',
      pages: ['pages/list/index', 'pages/create/index', 'pages/detail/index', 'pages/board/index'],
    },
    // ---- lottery: packageGrowth ----
    {
      // 抽奖 with 助力, verifiably fair (docs/growth.md).
      root: 'packageGrowth',
      pages: [
        'pages/list/index',
        'pages/create/index',
        'pages/lottery/index',
        // growth: newcomer tasks, invite milestones, and the settings of both
        'pages/newcomer/index',
        'pages/milestones/index',
        'pages/settings/index',
      ],
    },
    // ---- group: packageGroup ----
    {
      // 拼团: offers, a group's seats and countdown, the team's offers (docs/growth.md "拼团").
      root: 'packageGroup',
      pages: ['pages/offers/index', 'pages/group/index', 'pages/manage/index'],
    },
    // ---- qa: packageQa ----
    {
      // Paid Q&A and peeks (docs/features.md §7; docs/qa.md).
      root: 'packageQa',
      pages: [
        'pages/home/index',
        'pages/ask/index',
        'pages/mine/index',
        'pages/question/index',
        'pages/settings/index',
      ],
    },
    // ---- event: packageEvent ----
    {
      // Events: list, create/edit, detail and signup, my ticket, check-in at the door, signups and CSV (docs/features.md §8).
      root: 'packageEvent',
      pages: [
        'pages/list/index',
        'pages/detail/index',
        'pages/edit/index',
        'pages/ticket/index',
        'pages/checkin/index',
        'pages/signups/index',
        'pages/mine/index',
      ],
    },
    // ---- perk: packagePerk ----
    {
      // Member perks, points and honor titles (docs/features.md §9).
      root: 'packagePerk',
      pages: [
        'pages/perks/index',
        'pages/perk-edit/index',
        'pages/claims/index',
        'pages/points/index',
        'pages/points-settings/index',
      ],
    },
    // ---- stats: packageStats ----
    {
      // The owner's numbers: dashboard with charts (AntV F2, only in this package), segments, win-back, exports (docs/stats.md).
      root: 'packageStats',
      pages: ['pages/dashboard/index', 'pages/members/index'],
    },
  ],
  preloadRule: {
    'pages/discover/index': { network: 'all', packages: ['packageCircle'] },
    'pages/mine/index': { network: 'all', packages: ['packageCircle'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#EDEDED',
    navigationBarTitleText: '圈子',
    navigationBarTextStyle: 'black',
    // WeChat's own title bar (the default in the mini-program); in H5 it makes Taro's router draw
    // the same bar with the page's title and a back button (styles/h5-navigation-bar.scss).
    navigationStyle: 'default',
    backgroundColor: '#EDEDED',
  },
  tabBar: {
    color: '#7F7F7F',
    selectedColor: '#07C160',
    backgroundColor: '#F7F7F7',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/discover/index',
        text: '发现',
        iconPath: 'assets/tab-discover.png',
        selectedIconPath: 'assets/tab-discover-on.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的圈子',
        iconPath: 'assets/tab-circles.png',
        selectedIconPath: 'assets/tab-circles-on.png',
      },
      {
        pagePath: 'pages/profile/index',
        text: '我的',
        iconPath: 'assets/tab-me.png',
        selectedIconPath: 'assets/tab-me-on.png',
      },
    ],
  },
  lazyCodeLoading: 'requiredComponents',
})
