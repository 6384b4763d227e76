export default definePageConfig({
  navigationBarTitleText: '赠送会员',
  enablePullDownRefresh: true,
  backgroundColor: '#EDEDED',
})
