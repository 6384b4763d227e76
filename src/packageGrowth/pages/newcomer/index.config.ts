export default definePageConfig({ navigationBarTitleText: '新人任务' })
