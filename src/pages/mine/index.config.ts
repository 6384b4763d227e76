export default definePageConfig({
  navigationBarTitleText: '我的圈子',
  enablePullDownRefresh: true,
  backgroundColor: '#EDEDED',
})
