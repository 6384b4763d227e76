export default definePageConfig({ navigationBarTitleText: '成员分群', enablePullDownRefresh: true })
