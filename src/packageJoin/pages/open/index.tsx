import { useCallback, useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { toApiError, type ApiError } from '@/services/cloud'
import { useJoinStore } from '../../store'
import { circleUrl } from '../../routes'

/**
 * Where an invite's QR code lands: WeChat passes the code as `scene` (a mini-program code) and the
 * local cloud's QR carries it the same way. Resolves the code and opens the circle's page with it.
 */
export default function OpenInvitePage() {
  const params = useRouter().params
  const code = decodeURIComponent(params.scene ?? params.code ?? '')
  const [error, setError] = useState<ApiError | null>(null)
  const followInvite = useJoinStore((s) => s.followInvite)

  const follow = useCallback(
    () =>
      followInvite(code)
        .then((invite) => Taro.redirectTo({ url: circleUrl(invite.circleId, invite.code) }))
        .catch((e) => setError(toApiError(e))),
    [code, followInvite],
  )

  useEffect(() => {
    if (code) void follow()
  }, [code, follow])

  return (
    <View className="page">
      {!code ? (
        <StateView kind="empty" text="邀请链接无效或已失效" />
      ) : error ? (
        <StateView
          kind="error"
          error={error}
          onRetry={() => {
            setError(null)
            void follow()
          }}
        />
      ) : (
        <StateView kind="loading" text="正在打开邀请…" />
      )}
    </View>
  )
}
