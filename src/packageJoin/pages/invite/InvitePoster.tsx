import { useEffect, useState } from 'react'
import { Button, Image, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Avatar } from '@/components/Avatar'
import { StateView } from '@/components/StateView'
import { toApiError, type ApiError } from '@/services/cloud'
import { selectInvite, selectInviteQr, useJoinStore } from '../../store'
import { useSubmit } from '@/hooks/useSubmit'

const IS_H5 = process.env.TARO_ENV === 'h5'

/**
 * An image-and-text poster rather than a canvas drawing: in H5 a long-press or screenshot saves
 * it, in the mini-program the QR image itself can be previewed and saved (and the page forwarded).
 */
export function InvitePoster({ circleId }: { circleId: string }) {
  const invite = useJoinStore(selectInvite(circleId))
  const openInvite = useJoinStore((s) => s.openInvite)
  const loadInviteQr = useJoinStore((s) => s.loadInviteQr)
  const code = invite.data?.code ?? ''
  const qr = useJoinStore(selectInviteQr(code))
  const [channel, setChannel] = useState('')
  const [error, setError] = useState<ApiError | null>(null)

  const openAction = useSubmit(
    async (tag: string) => {
      setError(null)
      await openInvite(circleId, tag)
    },
    { onError: setError },
  )
  const open = openAction.run
  const busy = openAction.busy

  useEffect(() => {
    // the poster opens with an untagged invite; a tag makes a new one on request
    if (selectInvite(circleId)(useJoinStore.getState()).data) return
    openInvite(circleId, '').catch((e) => setError(toApiError(e)))
  }, [circleId, openInvite])
  useEffect(() => {
    if (code && qr.status === 'idle') void loadInviteQr(code)
  }, [code, qr.status, loadInviteQr])

  if (!invite.data) {
    return error ? (
      <StateView kind="error" error={error} onRetry={() => void open('')} />
    ) : (
      <StateView kind="loading" text="正在生成邀请…" />
    )
  }
  const link = IS_H5 ? `${window.location.origin}${window.location.pathname}#${invite.data.path}` : invite.data.path

  const copyLink = () => {
    void Taro.setClipboardData({ data: link })
  }
  const previewQr = () => {
    if (qr.data && !IS_H5) void Taro.previewImage({ urls: [qr.data.imageDataUrl] })
  }

  return (
    <View>
      <View className="poster" data-testid="invite-poster">
        <View className="poster__inviter">
          <Avatar src={invite.data.inviter.avatarUrl} name={invite.data.inviter.nickname} size={24} />
          <Text style={{ marginLeft: '6px' }}>{invite.data.inviter.nickname} 邀请你加入</Text>
        </View>
        <View className="poster__card">
          <Avatar src={invite.data.circleAvatarUrl} name={invite.data.circleName} size={56} square />
          <Text className="poster__name">{invite.data.circleName}</Text>
          {invite.data.circleIntro ? <Text className="poster__intro">{invite.data.circleIntro}</Text> : null}
          {qr.data ? (
            <Image
              className="poster__qr"
              src={qr.data.imageDataUrl}
              mode="aspectFit"
              onClick={previewQr}
              showMenuByLongpress
              data-testid="invite-qr"
            />
          ) : qr.status === 'error' ? (
            <Text className="join-error" onClick={() => void loadInviteQr(code)}>
              二维码生成失败，点击重试
            </Text>
          ) : (
            <View className="poster__qr" />
          )}
          <Text className="poster__qr-hint">{IS_H5 ? '长按或截图保存海报，扫码加入' : '长按识别小程序码加入'}</Text>
          {invite.data.channel ? <Text className="poster__channel">渠道：{invite.data.channel}</Text> : null}
        </View>
      </View>
      <View className="cells">
        <View className="cell">
          <Text className="cell__label">渠道标记</Text>
          <Input
            className="input cell__body"
            value={channel}
            maxlength={12}
            placeholder="选填，如 公众号、朋友圈"
            onInput={(e) => setChannel(e.detail.value)}
            data-testid="invite-channel"
          />
          <Button
            className="btn btn--default btn--mini"
            disabled={busy}
            onClick={() => void open(channel)}
            data-testid="invite-regenerate"
          >
            生成
          </Button>
        </View>
        <View className="cell" onClick={copyLink}>
          <Text className="cell__label">邀请链接</Text>
          <Text className="cell__value" style={{ wordBreak: 'break-all', fontSize: '12px' }} data-testid="invite-link">
            {link}
          </Text>
          <Text className="link" style={{ marginLeft: '8px' }}>
            复制
          </Text>
        </View>
      </View>
      {error ? <Text className="join-error">{error.message}</Text> : null}
      <Text className="join-hint">
        通过你的链接或二维码加入的成员会记在你名下；付费入圈时，圈主设置的推荐佣金在退款期结束后计入你的收益。
      </Text>
    </View>
  )
}
