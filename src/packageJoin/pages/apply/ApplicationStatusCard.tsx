import { useState } from 'react'
import { Icon } from '@/components/Icon'
import { Button, Text, View } from '@tarojs/components'
import { toApiError } from '@/services/cloud'
import { useJoinStore } from '../../store'
import { relativeTime } from '@/utils/time'
import Taro from '@tarojs/taro'
import type { EntryPriceTag } from '@core/contract'
import type { ApplicationView } from '@core/contracts/member'
import { EntryPrice, entryPriceText } from '@/components/Price'
import { inShanghai } from '@core/time'
import { buyUrl } from '@/packagePay/routes'
import { rememberedInvite } from '@/utils/invite'
import { circleUrl } from '../../routes'

/** 审核中 / 已通过（去支付）: what an applicant sees after applying. */
export function ApplicationStatusCard({ app, price = null }: { app: ApplicationView; price?: EntryPriceTag | null }) {
  const pending = app.status === 'pending'
  const withdrawApplication = useJoinStore((s) => s.withdrawApplication)
  const [withdrawing, setWithdrawing] = useState(false)
  const [error, setError] = useState('')
  const withdraw = async () => {
    const { confirm } = await Taro.showModal({
      title: '撤回申请',
      content: '撤回后圈主不会再看到这份申请，之后可以重新申请。',
      confirmText: '撤回',
      confirmColor: '#FA5151',
      cancelText: '再等等',
    })
    if (!confirm) return
    setWithdrawing(true)
    setError('')
    try {
      await withdrawApplication(app)
      void Taro.showToast({ title: '已撤回', icon: 'none' })
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setWithdrawing(false)
    }
  }
  return (
    <View>
      <View className="join-status" data-testid="application-status">
        <View className={`join-status__icon ${pending ? 'join-status__icon--wait' : ''}`}>
          {pending ? '…' : <Icon name="check" size={28} color="#FFFFFF" />}
        </View>
        <Text className="join-status__title">{pending ? '申请已提交，审核中' : '申请已通过'}</Text>
        <Text className="join-status__text">
          {pending
            ? `提交于 ${relativeTime(app.createdAt)}，圈主或管理员会在 7 天内审核，结果会通知你`
            : app.payBy
              ? `请在 ${inShanghai(app.payBy).format('M月D日 HH:mm')} 前完成支付，逾期需重新申请`
              : '你已经是圈子成员了'}
        </Text>
      </View>
      {!pending && app.payBy && price ? (
        <View className="join-hint join-price">
          <Text>入圈价格</Text>
          <EntryPrice tag={price} testid="approved-price" />
        </View>
      ) : null}
      <View className="footer-actions">
        {!pending && app.payBy ? (
          <Button
            className="btn btn--primary"
            onClick={() => Taro.redirectTo({ url: buyUrl(app.circleId, rememberedInvite(app.circleId)) })}
            data-testid="go-pay"
          >
            {entryPriceText(price) ? `去支付 ${entryPriceText(price)}` : '去支付'}
          </Button>
        ) : (
          <Button className="btn btn--default" onClick={() => Taro.redirectTo({ url: circleUrl(app.circleId) })}>
            返回圈子
          </Button>
        )}
        {pending ? (
          <Button
            className="btn btn--warn"
            disabled={withdrawing}
            loading={withdrawing}
            onClick={() => void withdraw()}
            data-testid="withdraw-application"
          >
            撤回申请
          </Button>
        ) : null}
        {error ? <View className="join-error">{error}</View> : null}
      </View>
    </View>
  )
}
