export default definePageConfig({ navigationBarTitleText: '抽奖详情' })
