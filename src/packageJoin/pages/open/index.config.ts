export default definePageConfig({ navigationBarTitleText: '圈子邀请', backgroundColor: '#EDEDED' })
