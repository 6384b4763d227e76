import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { requestRenewalReminder } from '@/services/subscribe'

/**
 * Right after paying for a term (lifecycle, docs/membership.md): one tap asks WeChat for a
 * one-time 会员到期提醒 grant (wx.requestSubscribeMessage must run in a tap), which the server counts.
 */
export function ReminderAsk() {
  const [done, setDone] = useState(false)
  const ask = async () => {
    const outcome = await requestRenewalReminder()
    if (outcome === 'accepted') {
      setDone(true)
      void Taro.showToast({ title: '已开启，到期前会提醒你', icon: 'none' })
    }
  }
  return (
    <View className="cells" data-testid="reminder-ask">
      <View className="cell" onClick={done ? undefined : ask}>
        <Text className="cell__body">会员到期提醒</Text>
        <Text className="cell__value">{done ? '已开启' : '到期前通过微信提醒我'}</Text>
        {done ? null : <Text className="cell__arrow">›</Text>}
      </View>
    </View>
  )
}
