export default definePageConfig({
  navigationBarTitleText: '定时发布',
  backgroundColor: '#EDEDED',
})
