export default definePageConfig({
  navigationBarTitleText: '收入与提现',
  enablePullDownRefresh: true,
  backgroundColor: '#EDEDED',
})
