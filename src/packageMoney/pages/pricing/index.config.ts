export default definePageConfig({ navigationBarTitleText: '定价与分成' })
