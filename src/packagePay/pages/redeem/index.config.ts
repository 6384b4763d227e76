export default definePageConfig({ navigationBarTitleText: '兑换礼品码', backgroundColor: '#EDEDED' })
