export default definePageConfig({ navigationBarTitleText: '到期成员', enablePullDownRefresh: true })
