import { useEffect } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import type { GroupView } from '@core/contracts/group'
import { formatFen } from '@core/money/pricing'
import { LoadedView } from '@/components/LoadedView'
import { NotOnThisDevice } from '@/components/NotOnThisDevice'
import { StateView } from '@/components/StateView'
import { useNow } from '@/hooks/useNow'
import { useSignedIn } from '@/hooks/useSignedIn'
import { showsPrice } from '@/services/sale'
import { circleUrl } from '@/utils/routes'
import { courseUrl, orderUrl } from '../../../packagePay/routes'
import { KIND_TEXT, MY_STATE_TEXT, countdownText } from '../../labels'
import { selectGroup, useGroupStore } from '../../store'
import { usePaySeat } from '../../usePaySeat'
import '../../group.scss'

const IS_H5 = process.env.TARO_ENV === 'h5'

/** One group: its seats and countdown, 参团, the caller's own seat and its outcome, and a share card. */
export default function GroupPage() {
  const id = useRouter().params.id ?? ''
  const session = useSignedIn()
  const state = useGroupStore(selectGroup(id))
  const load = useGroupStore((s) => s.loadGroup)
  useEffect(() => {
    if (session.ready && id) void load(id)
  }, [session.ready, id, load])
  useDidShow(() => {
    if (session.ready && state.data) void load(id)
  })
  useShareAppMessage(() => ({
    title: state.data ? `就差你了！一起拼「${state.data.product.title}」，还差 ${state.data.seatsLeft} 人` : '一起拼团',
    path: state.data?.sharePath ?? `/packageGroup/pages/group/index?id=${id}`,
  }))

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!id) body = <StateView kind="empty" text="没有找到这个团" />
  else if (!session.ready) body = <StateView kind="loading" />
  else
    body = (
      <LoadedView state={state} onRetry={() => void load(id)}>
        {(g) => <Group g={g} />}
      </LoadedView>
    )
  return <View className="page">{body}</View>
}

export function Group({ g }: { g: GroupView }) {
  const joinGroup = useGroupStore((s) => s.joinGroup)
  const load = useGroupStore((s) => s.loadGroup)
  const { run, busy, error } = usePaySeat()
  const forming = g.status === 'forming'
  // every second while the group forms, for the countdown
  const now = useNow(1000, forming)
  const countdown = forming ? countdownText(g.deadline, now) : ''
  // An iPhone without iOS virtual payment: no price, no pay wording, no way to buy (the buy page's rule).
  if (!showsPrice(g.sale)) return <NotOnThisDevice />
  const empties = Array.from({ length: g.seatsLeft }, (_, i) => i)
  return (
    <View data-testid="group-page">
      <View className="card">
        <View className="card__head">
          <Text className="card__title">{g.product.title}</Text>
          <Text className={`gp-status gp-status--${g.status}`} data-testid="group-status">
            {g.statusLabel}
          </Text>
        </View>
        <Text className="gp-meta">
          {g.circleName} · {KIND_TEXT[g.product.kind] ?? ''} · {g.size} 人团
        </Text>
        <View style={{ marginTop: '8px' }}>
          <Text className="gp-price">{formatFen(g.priceFen)}</Text>
          {g.listPriceFen > g.priceFen ? <Text className="gp-list-price">{formatFen(g.listPriceFen)}</Text> : null}
          <Text className="gp-tag">拼团价</Text>
        </View>
        <View className="gp-seats" data-testid="group-seats">
          {g.members.map((m, i) => (
            <View key={`m${i}`} className="gp-seat">
              {[...(m.nickname || '友')][0]}
            </View>
          ))}
          {empties.map((i) => (
            <View key={`e${i}`} className="gp-seat gp-seat--empty">
              ?
            </View>
          ))}
        </View>
        {forming ? (
          <Text className="gp-meta" data-testid="group-left">
            已有 {g.seats} 人，还差 {g.seatsLeft} 人成团
          </Text>
        ) : null}
        {countdown ? (
          <Text className="gp-countdown" data-testid="group-countdown">
            {countdown}
          </Text>
        ) : null}
      </View>

      {g.me ? (
        <View className="card" data-testid="group-me">
          <Text>{MY_STATE_TEXT[g.me.state]}</Text>
          {g.me.state === 'fulfilled' ? (
            <Button
              className="btn btn--primary"
              style={{ marginTop: '12px' }}
              onClick={() =>
                void Taro.navigateTo({
                  url: g.product.kind === 'course' ? courseUrl(g.product.id) : circleUrl(g.circleId),
                })
              }
              data-testid="group-enter"
            >
              {g.product.kind === 'course' ? '去学习' : '进入圈子'}
            </Button>
          ) : null}
          {g.me.state === 'pending' ? (
            <Text className="link" onClick={() => void Taro.navigateTo({ url: orderUrl(g.me!.orderId) })}>
              查看订单
            </Text>
          ) : null}
        </View>
      ) : null}

      {error ? <Text className="gp-error">{error}</Text> : null}
      <View className="gp-actions">
        {g.canJoin ? (
          <Button
            className="btn btn--primary"
            loading={busy}
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const start = await joinGroup(g.id)
                return start
              }).then(() => load(g.id))
            }
            data-testid="group-join"
          >
            {`${formatFen(g.priceFen)} 参团`}
          </Button>
        ) : null}
        {forming ? <ShareGroup g={g} /> : null}
      </View>
    </View>
  )
}

/** The share card in the mini-program; in the browser, the link to copy and send. */
function ShareGroup({ g }: { g: GroupView }) {
  if (!IS_H5)
    return (
      <Button className="btn btn--default" openType="share" style={{ marginTop: '12px' }} data-testid="group-share">
        邀请好友参团
      </Button>
    )
  const link = `${window.location.origin}${window.location.pathname}#${g.sharePath}`
  return (
    <View style={{ marginTop: '12px' }}>
      <Text className="gp-meta">把链接发给好友，一起拼团：</Text>
      <Text className="gp-share-link" selectable data-testid="group-link">
        {link}
      </Text>
      <Button
        className="btn btn--default"
        onClick={() => void Taro.setClipboardData({ data: link })}
        data-testid="group-copy"
      >
        复制链接
      </Button>
    </View>
  )
}
