export default definePageConfig({
  navigationBarTitleText: '购买',
  enablePullDownRefresh: true,
  backgroundColor: '#EDEDED',
})
