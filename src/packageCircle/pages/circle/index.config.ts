export default definePageConfig({
  navigationBarTitleText: '圈子',
  enablePullDownRefresh: true,
  backgroundColor: '#EDEDED',
})
