export default definePageConfig({
  navigationBarTitleText: '入圈审核',
  enablePullDownRefresh: true,
  backgroundColor: '#EDEDED',
})
