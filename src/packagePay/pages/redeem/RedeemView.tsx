import { useState } from 'react'
import { Icon } from '@/components/Icon'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { RedeemResult } from '@core/contract'
import { formatDate } from '@core/time'
import { useShopStore } from '../../store'
import { circleUrl } from '@/utils/routes'
import '../../pay.scss'
import { useSubmit } from '@/hooks/useSubmit'

/** The server's shape for a code: 6–32 letters, digits or dashes (checked again there). */
const CODE_RE = /^[A-Za-z0-9-]{6,32}$/

/** 兑换礼品码: a friend's gift pass becomes (or extends) the caller's membership. */
export function RedeemView({ initialCode = '' }: { initialCode?: string }) {
  const redeemGift = useShopStore((s) => s.redeemGift)
  const [code, setCode] = useState(initialCode)
  const [error, setError] = useState('')
  const [done, setDone] = useState<RedeemResult | null>(null)

  const submitAction = useSubmit(
    async () => {
      const value = code.trim()
      if (!CODE_RE.test(value)) {
        setError('请输入完整的礼品码（6–32 位字母或数字）')
        return
      }
      setError('')
      setDone(await redeemGift(value))
    },
    { onError: (e) => setError(e.message) },
  )
  const submit = submitAction.run
  const busy = submitAction.busy

  if (done) {
    return (
      <View data-testid="redeem-done">
        <View className="pay-done">
          <View className="pay-done__icon">
            <Icon name="check" size={36} color="#FFFFFF" />
          </View>
          <View className="pay-done__title">兑换成功</View>
          <View className="pay-done__what">你已加入「{done.circleName}」</View>
          <View className="pay-done__what" data-testid="redeem-expires">
            会员有效期至 {formatDate(done.expiresAt)}
          </View>
        </View>
        <View className="pay-actions">
          <Button
            className="btn btn--primary"
            onClick={() => void Taro.redirectTo({ url: circleUrl(done.circleId) })}
            data-testid="redeem-enter"
          >
            进入圈子
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View>
      <View className="pay-input-cell">
        <Text className="muted">输入朋友送你的年卡礼品码</Text>
        <Input
          className="input pay-input"
          value={code}
          maxlength={32}
          placeholder="例如 GIFT-ABCD-1234"
          onInput={(e) => setCode(e.detail.value.toUpperCase())}
          onConfirm={() => void submit()}
          data-testid="redeem-input"
        />
      </View>
      {error ? (
        <View className="pay-error pay-error--inline" data-testid="redeem-error">
          {error}
        </View>
      ) : null}
      <View className="pay-actions">
        <Button
          className={`btn btn--primary ${busy || !code.trim() ? 'btn--disabled' : ''}`}
          disabled={busy || !code.trim()}
          loading={busy}
          onClick={() => void submit()}
          data-testid="redeem-submit"
        >
          兑换
        </Button>
      </View>
      <View className="cells__title">兑换后立即加入圈子；已是成员的，从当前到期日起顺延。每个礼品码只能兑换一次。</View>
    </View>
  )
}
