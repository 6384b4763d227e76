export default definePageConfig({ navigationBarTitleText: '入圈问卷', backgroundColor: '#EDEDED' })
