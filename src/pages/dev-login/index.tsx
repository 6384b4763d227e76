// H5 only (app.config lists this page for H5 builds): the local cloud's demo users.
import { useEffect, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { LIMITS } from '@core/limits'
import { Avatar } from '@/components/Avatar'
import { StateView } from '@/components/StateView'
import { selectDevOpenid, selectDevUsers, useAppStore } from '@/store'
import { DISCOVER_URL } from '@/utils/routes'
import { charCount } from '@/utils/text'
import './index.scss'
import { useSubmit } from '@/hooks/useSubmit'

export default function DevLoginPage() {
  const users = useAppStore(selectDevUsers)
  const status = useAppStore((s) => s.devUsersStatus)
  const error = useAppStore((s) => s.devUsersError)
  const current = useAppStore(selectDevOpenid)
  const loadDevUsers = useAppStore((s) => s.loadDevUsers)
  const switchDevUser = useAppStore((s) => s.switchDevUser)
  const createDevUser = useAppStore((s) => s.createDevUser)
  const [nickname, setNickname] = useState('')

  useEffect(() => {
    void loadDevUsers()
  }, [loadDevUsers])

  const pickAction = useSubmit(async (openid: string) => {
    await switchDevUser(openid)
    const { sessionStatus, sessionError } = useAppStore.getState()
    if (sessionStatus === 'error') {
      Taro.showToast({ title: sessionError?.message ?? '登录失败', icon: 'none' })
      return
    }
    Taro.reLaunch({ url: DISCOVER_URL })
  })
  const pick = pickAction.run

  const createAction = useSubmit(async () => {
    const name = nickname.trim()
    if (charCount(name) < 1 || charCount(name) > LIMITS.nicknameChars) {
      Taro.showToast({ title: `昵称为 1–${LIMITS.nicknameChars} 个字`, icon: 'none' })
      return
    }
    const user = await createDevUser(name)
    setNickname('')
    await pick(user.openid)
  })
  const create = createAction.run
  const busy = createAction.busy || pickAction.busy

  let list
  if (status === 'idle' || (status === 'loading' && users.length === 0)) list = <StateView kind="loading" />
  else if (status === 'error') list = <StateView kind="error" error={error} onRetry={() => void loadDevUsers()} />
  else if (users.length === 0) list = <StateView kind="empty" text="还没有演示用户，在下面新建一个" />
  else
    list = (
      <View className="cells">
        {users.map((u) => (
          <View key={u.openid} className="cell dev-login__user" onClick={() => !busy && void pick(u.openid)}>
            <Avatar src={u.avatarUrl} name={u.nickname} size={40} />
            <View className="cell__body dev-login__who">
              <Text>{u.nickname}</Text>
              <Text className="muted">{u.label}</Text>
            </View>
            {u.openid === current ? (
              <Text className="dev-login__current">当前</Text>
            ) : (
              <Text className="cell__arrow">›</Text>
            )}
          </View>
        ))}
      </View>
    )

  return (
    <View className="page dev-login">
      <View className="dev-login__intro">
        <Text className="dev-login__title">选择一个演示用户</Text>
        <Text className="muted">本地演示环境：以所选用户的身份使用圈子</Text>
      </View>
      {list}
      <View className="cells__title">新建演示用户</View>
      <View className="cells">
        <View className="cell">
          <Input
            className="input cell__body"
            value={nickname}
            maxlength={LIMITS.nicknameChars}
            placeholder="输入昵称"
            onInput={(e) => setNickname(e.detail.value)}
            onConfirm={() => void create()}
          />
          <Button className="btn btn--primary btn--mini" disabled={busy} onClick={() => void create()}>
            创建并进入
          </Button>
        </View>
      </View>
    </View>
  )
}
