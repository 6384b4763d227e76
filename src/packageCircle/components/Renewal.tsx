/**
 * What a member sees around the end of their term (docs/membership.md, lifecycle): the read-only
 * grace banner, the renewal panel once expired, and the opt-in to a renewal reminder by
 * subscription message (a one-time grant, asked for on a tap, as WeChat requires).
 */
import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { MembershipView } from '@core/contract'
import { formatDate } from '@core/time'
import { renewUrl } from '@/packagePay/routes'
import { requestRenewalReminder } from '@/services/subscribe'
import './Renewal.scss'

const renew = (circleId: string) => void Taro.navigateTo({ url: renewUrl(circleId) })

/** In the grace days: reading only, with the way back one tap away. */
export function GraceBanner({ me }: { me: MembershipView }) {
  if (me.state !== 'grace' || !me.graceEndsAt) return null
  // The end date, not "N 天": the phone's clock is not the server's, and the server decided the state.
  return (
    <View className="renewal-banner" data-testid="grace-banner">
      <Text className="renewal-banner__text">会员已到期，可只读浏览至 {formatDate(me.graceEndsAt)}</Text>
      <Button className="btn btn--primary btn--mini" onClick={() => renew(me.circleId)} data-testid="grace-renew">
        续费
      </Button>
    </View>
  )
}

/** Expired (grace over, or none): the content is locked; renewing brings it back. */
export function RenewalPanel({ me }: { me: MembershipView }) {
  return (
    <View className="renewal-panel" data-testid="renewal-panel">
      <Text className="renewal-panel__title">会员已到期</Text>
      <Text className="renewal-panel__text">
        {me.expiresAt ? `你的会员已于 ${formatDate(me.expiresAt)} 到期，` : ''}续费后即可恢复浏览和发帖
      </Text>
      <Button className="btn btn--primary" onClick={() => renew(me.circleId)} data-testid="renew">
        立即续费
      </Button>
    </View>
  )
}

const askedKey = (me: MembershipView) => `quanzi.reminderAsked.${me.circleId}.${me.expiresAt ?? ''}`

/** For a member with a term: ask once per term for a 会员到期提醒 message. */
export function ReminderOptIn({ me }: { me: MembershipView }) {
  const [state, setState] = useState<'ask' | 'done'>(() => {
    try {
      return Taro.getStorageSync(askedKey(me)) ? 'done' : 'ask'
    } catch {
      return 'ask'
    }
  })
  if (me.state !== 'active' || !me.expiresAt || state === 'done') return null
  const ask = async () => {
    const outcome = await requestRenewalReminder()
    if (outcome === 'accepted') {
      Taro.setStorageSync(askedKey(me), '1')
      setState('done')
      void Taro.showToast({ title: '已开启，到期前会提醒你', icon: 'none' })
    }
  }
  return (
    <View className="renewal-optin" onClick={ask} data-testid="reminder-optin">
      <Text className="renewal-optin__text">会员 {formatDate(me.expiresAt)} 到期 · 开启到期提醒</Text>
      <Text className="renewal-optin__go">开启 ›</Text>
    </View>
  )
}
