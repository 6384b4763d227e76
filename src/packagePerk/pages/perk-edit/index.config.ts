export default definePageConfig({ navigationBarTitleText: '编辑权益' })
