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
      pages: ['pages/circle/index', 'pages/post/index', 'pages/compose/index', 'pages/members/index'],
    },
    {
      root: 'packageManage',
      pages: ['pages/create/index', 'pages/edit/index'],
    },
    {
      // The owner's money: income and withdrawals, pricing and shares, courses, orders (money.md).
      root: 'packageMoney',
      pages: ['pages/earnings/index', 'pages/withdraw/index', 'pages/pricing/index', 'pages/courses/index', 'pages/course-edit/index', 'pages/orders/index'],
    },
    {
      // The buyer's money: catalog and checkout, the local cashier, result, orders, gift codes, courses.
      root: 'packagePay',
      pages: ['pages/buy/index', 'pages/cashier/index', 'pages/result/index', 'pages/orders/index', 'pages/order/index', 'pages/redeem/index', 'pages/course/index'],
    },
    // One subpackage per feature of issues 4 and 5 (each section is owned by its feature).
    // ---- entry: packageJoin ----
    // (end entry)
    // ---- lifecycle: packageInbox ----
    // (end lifecycle)
    // ---- moderation: packageAdmin ----
    // (end moderation)
    // ---- content: content security, held content, files, watermark ----
    // (end content)
    // ---- challenge: packageCheckin ----
    // (end challenge)
    // ---- qa: packageQa ----
    // (end qa)
    // ---- event: packageEvent ----
    // (end event)
    // ---- perk: packagePerk ----
    // (end perk)
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
    backgroundColor: '#EDEDED',
  },
  tabBar: {
    color: '#7F7F7F',
    selectedColor: '#07C160',
    backgroundColor: '#F7F7F7',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/discover/index', text: '发现', iconPath: 'assets/tab-discover.png', selectedIconPath: 'assets/tab-discover-on.png' },
      { pagePath: 'pages/mine/index', text: '我的圈子', iconPath: 'assets/tab-circles.png', selectedIconPath: 'assets/tab-circles-on.png' },
      { pagePath: 'pages/profile/index', text: '我的', iconPath: 'assets/tab-me.png', selectedIconPath: 'assets/tab-me-on.png' },
    ],
  },
  lazyCodeLoading: 'requiredComponents',
})
