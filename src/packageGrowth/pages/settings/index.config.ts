export default definePageConfig({ navigationBarTitleText: '新人任务与邀请奖励' })
