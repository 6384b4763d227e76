export default definePageConfig({
  navigationBarTitleText: '发言管理',
  backgroundColor: '#EDEDED',
})
