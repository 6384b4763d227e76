export default definePageConfig({ navigationBarTitleText: '管理拼团' })
