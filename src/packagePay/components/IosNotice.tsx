import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { redeemUrl } from '../routes'

/**
 * Apple's rules: virtual goods (memberships, courses) cannot be bought inside a mini-program on
 * iPhone unless virtual payment is switched on for iOS. Never a dead end: say why, offer the ways
 * that work (another device, a friend's gift code).
 */
export const IOS_REASON = '根据苹果公司的规定，iPhone 上的小程序暂时不能购买会员、课程等虚拟商品。'

export function buyGuide(circleName: string, circleId: string): string {
  return `在安卓手机或电脑版微信中打开小程序「圈子」，找到圈子「${circleName}」（圈子ID：${circleId}）即可购买。购买后在 iPhone 上也能正常使用。`
}

export function copyBuyGuide(circleName: string, circleId: string) {
  void Taro.setClipboardData({ data: buyGuide(circleName, circleId) })
}

/** The modal behind 查看购买方式: why not here, where to buy `instead`, and the guide to copy. */
export function explainIosPurchase(circleName: string, circleId: string, instead: string) {
  void Taro.showModal({
    title: 'iPhone 暂不支持购买',
    content: `${IOS_REASON}${instead}`,
    confirmText: '复制指引',
    confirmColor: '#07C160',
    cancelText: '知道了',
  }).then((r) => r.confirm && copyBuyGuide(circleName, circleId))
}

export function IosNotice({ circleName, circleId }: { circleName: string; circleId: string }) {
  return (
    <View className='pay-notice' data-testid='ios-notice'>
      <View className='pay-notice__title'>iPhone 暂不支持在小程序内购买</View>
      <View>{IOS_REASON}你可以：</View>
      <View className='pay-notice__item'>· 在安卓手机或电脑版微信中打开本小程序购买，会员身份在所有设备通用；</View>
      <View className='pay-notice__item'>· 请朋友购买年卡「送给朋友」，把礼品码发给你，在「我的 › 兑换礼品码」中兑换。</View>
      <View className='pay-notice__actions'>
        <Button className='btn btn--primary btn--mini' onClick={() => copyBuyGuide(circleName, circleId)} data-testid='copy-guide'>
          复制购买指引
        </Button>
        <Button className='btn btn--default btn--mini' onClick={() => void Taro.navigateTo({ url: redeemUrl() })}>
          <Text>兑换礼品码</Text>
        </Button>
      </View>
    </View>
  )
}
