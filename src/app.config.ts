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
