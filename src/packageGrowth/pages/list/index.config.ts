export default definePageConfig({ navigationBarTitleText: '抽奖', enablePullDownRefresh: true })
