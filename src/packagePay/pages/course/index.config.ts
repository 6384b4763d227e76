export default definePageConfig({ navigationBarTitleText: '课程', backgroundColor: '#EDEDED' })
