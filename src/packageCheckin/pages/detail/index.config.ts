export default definePageConfig({ navigationBarTitleText: '打卡挑战' })
