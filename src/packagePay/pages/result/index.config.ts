export default definePageConfig({
  navigationBarTitleText: '支付结果',
  backgroundColor: '#EDEDED',
  enableShareAppMessage: true,
})
