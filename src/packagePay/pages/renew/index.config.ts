export default definePageConfig({
  navigationBarTitleText: '续费',
  enablePullDownRefresh: true,
  backgroundColor: '#EDEDED',
})
