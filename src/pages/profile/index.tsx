import { useEffect, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { LIMITS } from '@core/limits'
import { Avatar } from '@/components/Avatar'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { call, toApiError, uploadImage } from '@/services/cloud'
import { selectMe, useAppStore } from '@/store'
import { charCount } from '@/utils/text'
import { CREATE_CIRCLE_URL, DEV_LOGIN_URL, MINE_URL } from '@/utils/routes'
import { MY_ORDERS_URL, redeemUrl } from '@/packagePay/routes'
import { earningsUrl } from '@/packageMoney/routes'
import { INBOX_URL } from '@/packageInbox/routes'
import './index.scss'
import { useSubmit } from '@/hooks/useSubmit'

const IS_H5 = process.env.TARO_ENV === 'h5'

export default function ProfilePage() {
  const session = useSignedIn()
  const me = useAppStore(selectMe)
  const updateMyProfile = useAppStore((s) => s.updateMyProfile)
  const [editing, setEditing] = useState(false)
  const [nickname, setNickname] = useState('')
  // 消息通知's badge: read each time the tab shows (the inbox itself lives in its subpackage)
  const [unread, setUnread] = useState(0)
  useDidShow(() => {
    if (session.ready)
      void call('notify', 'unreadCount', {}).then(
        (r) => setUnread(r.unread),
        () => undefined,
      )
  })
  useEffect(() => {
    if (session.ready)
      void call('notify', 'unreadCount', {}).then(
        (r) => setUnread(r.unread),
        () => undefined,
      )
  }, [session.ready])

  const changeAvatar = async (localPath: string) => {
    Taro.showLoading({ title: '上传中…', mask: true })
    try {
      const avatarUrl = await uploadImage(localPath)
      await updateMyProfile({ avatarUrl })
      Taro.hideLoading()
      Taro.showToast({ title: '头像已更新', icon: 'success' })
    } catch (e) {
      Taro.hideLoading()
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  const pickAvatarH5 = async () => {
    try {
      const r = await Taro.chooseImage({ count: 1, sizeType: ['compressed'] })
      if (r.tempFilePaths[0]) await changeAvatar(r.tempFilePaths[0])
    } catch {
      // The person closed the picker.
    }
  }

  const saveNicknameAction = useSubmit(async () => {
    const value = nickname.trim()
    if (charCount(value) < 1 || charCount(value) > LIMITS.nicknameChars) {
      Taro.showToast({ title: `昵称为 1–${LIMITS.nicknameChars} 个字`, icon: 'none' })
      return
    }
    await updateMyProfile({ nickname: value })
    setEditing(false)
    Taro.showToast({ title: '已保存', icon: 'success' })
  })
  const saveNickname = saveNicknameAction.run
  const saving = saveNicknameAction.busy

  if (session.status === 'error') {
    return (
      <View className="page">
        <StateView kind="error" error={session.error} onRetry={session.retry} />
      </View>
    )
  }
  if (!me) {
    return (
      <View className="page">
        <StateView kind="loading" />
      </View>
    )
  }

  return (
    <View className="page profile">
      <View className="profile__head">
        {IS_H5 ? (
          <View onClick={pickAvatarH5}>
            <Avatar src={me.avatarUrl} name={me.nickname} size={64} square />
          </View>
        ) : (
          // WeChat's own avatar picker (getUserProfile is gone); it hands back a temp file.
          <Button
            className="profile__avatar-btn"
            openType="chooseAvatar"
            onChooseAvatar={(e) => void changeAvatar(e.detail.avatarUrl)}
          >
            <Avatar src={me.avatarUrl} name={me.nickname} size={64} square />
          </Button>
        )}
        <View className="profile__who">
          <Text className="profile__name">{me.nickname || '未设置昵称'}</Text>
          <Text className="muted">点击头像可更换</Text>
        </View>
      </View>

      <View className="cells">
        {editing ? (
          <View className="cell">
            <Text className="cell__label">昵称</Text>
            <Input
              className="input cell__body"
              type="nickname"
              value={nickname}
              maxlength={LIMITS.nicknameChars}
              focus
              onInput={(e) => setNickname(e.detail.value)}
              onBlur={(e) => setNickname(e.detail.value)}
              placeholder="输入昵称"
            />
            <Button className="btn btn--primary btn--mini" disabled={saving} onClick={saveNickname}>
              保存
            </Button>
          </View>
        ) : (
          <View
            className="cell"
            onClick={() => {
              setNickname(me.nickname)
              setEditing(true)
            }}
          >
            <Text className="cell__label">昵称</Text>
            <Text className="cell__value">{me.nickname}</Text>
            <Text className="cell__arrow">›</Text>
          </View>
        )}
      </View>

      <View className="cells">
        <View className="cell" onClick={() => Taro.navigateTo({ url: INBOX_URL })} data-testid="inbox-entry">
          <Text className="cell__body">消息通知</Text>
          {unread > 0 ? <Text className="profile__badge">{unread > 99 ? '99+' : unread}</Text> : null}
          <Text className="cell__arrow">›</Text>
        </View>
      </View>

      <View className="cells">
        <View className="cell" onClick={() => Taro.switchTab({ url: MINE_URL })}>
          <Text className="cell__body">我的圈子</Text>
          <Text className="cell__arrow">›</Text>
        </View>
        <View className="cell" onClick={() => Taro.navigateTo({ url: CREATE_CIRCLE_URL })}>
          <Text className="cell__body">创建圈子</Text>
          <Text className="cell__arrow">›</Text>
        </View>
      </View>

      <View className="cells">
        <View className="cell" onClick={() => Taro.navigateTo({ url: MY_ORDERS_URL })} data-testid="my-orders">
          <Text className="cell__body">我的订单</Text>
          <Text className="cell__value">退款、礼品码</Text>
          <Text className="cell__arrow">›</Text>
        </View>
        <View className="cell" onClick={() => Taro.navigateTo({ url: redeemUrl() })} data-testid="redeem-gift">
          <Text className="cell__body">兑换礼品码</Text>
          <Text className="cell__arrow">›</Text>
        </View>
      </View>

      <View className="cells">
        <View className="cell" onClick={() => Taro.navigateTo({ url: earningsUrl() })} data-testid="my-earnings">
          <Text className="cell__body">我的收益</Text>
          <Text className="cell__value">推荐、合伙分成</Text>
          <Text className="cell__arrow">›</Text>
        </View>
      </View>

      {IS_H5 ? (
        <View className="cells">
          <View className="cell" onClick={() => Taro.navigateTo({ url: DEV_LOGIN_URL })} data-testid="switch-dev-user">
            <Text className="cell__body">切换演示用户</Text>
            <Text className="cell__value">本地演示</Text>
            <Text className="cell__arrow">›</Text>
          </View>
        </View>
      ) : null}
    </View>
  )
}
