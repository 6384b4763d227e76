import { useCallback, useEffect } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import type { GroupCard, GroupOfferView } from '@core/contracts/group'
import { formatFen } from '@core/money/pricing'
import { LoadedView } from '@/components/LoadedView'
import { ListFooter } from '@/components/ListFooter'
import { NotOnThisDevice } from '@/components/NotOnThisDevice'
import { StateView } from '@/components/StateView'
import { useNow } from '@/hooks/useNow'
import { useSignedIn } from '@/hooks/useSignedIn'
import { canBuy, showsPrice } from '@/services/sale'
import { KIND_TEXT, countdownText } from '../../labels'
import { groupUrl, manageUrl } from '../../routes'
import { selectMine, selectOffers, useGroupStore, type CircleOffers } from '../../store'
import { usePaySeat } from '../../usePaySeat'
import '../../group.scss'

/** A circle's 拼团: offers to start a group from, groups forming to join, and my groups. */
export default function OffersPage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  const state = useGroupStore(selectOffers(circleId))
  const load = useGroupStore((s) => s.loadOffers)
  const loadMine = useGroupStore((s) => s.loadMine)
  const refresh = useCallback(() => Promise.all([load(circleId), loadMine(circleId)]), [circleId, load, loadMine])
  useEffect(() => {
    if (session.ready && circleId) void refresh()
  }, [session.ready, circleId, refresh])
  useDidShow(() => {
    if (session.ready && state.data) void refresh()
  })
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()))

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!circleId) body = <StateView kind="empty" text="没有找到这个圈子" />
  else if (!session.ready) body = <StateView kind="loading" />
  else
    body = (
      <LoadedView state={state} onRetry={() => void load(circleId)}>
        {(data) => <Offers circleId={circleId} data={data} />}
      </LoadedView>
    )
  return <View className="page">{body}</View>
}

export function Offers({ circleId, data }: { circleId: string; data: CircleOffers }) {
  const manage = data.canManage ? (
    <View style={{ padding: '12px 16px 0' }}>
      <Text
        className="link"
        onClick={() => void Taro.navigateTo({ url: manageUrl(circleId) })}
        data-testid="group-manage"
      >
        管理拼团
      </Text>
    </View>
  ) : null
  // On an iPhone without iOS virtual payment these virtual goods have neither price nor buying.
  if (data.items.length > 0 && data.items.every((o) => !showsPrice(o.sale)))
    return (
      <View>
        {manage}
        <NotOnThisDevice />
      </View>
    )
  return (
    <View>
      {manage}
      {data.items.length === 0 ? (
        <StateView kind="empty" text={data.canManage ? '还没有拼团活动，去「管理拼团」发起' : '圈主还没有发起拼团'} />
      ) : (
        data.items.filter((o) => showsPrice(o.sale)).map((o) => <Offer key={o.id} o={o} />)
      )}
      <MyGroups circleId={circleId} />
    </View>
  )
}

function Offer({ o }: { o: GroupOfferView }) {
  const startGroup = useGroupStore((s) => s.startGroup)
  const { run, busy, error } = usePaySeat()
  return (
    <View className="card" data-testid="group-offer">
      <View className="card__head">
        <Text className="card__title">{o.product.title}</Text>
        <Text className="gp-tag">{o.size} 人团</Text>
      </View>
      <View style={{ marginTop: '6px' }}>
        <Text className="gp-price">{formatFen(o.priceFen)}</Text>
        <Text className="gp-list-price">{formatFen(o.listPriceFen)}</Text>
      </View>
      <Text className="gp-meta">
        {KIND_TEXT[o.product.kind] ?? ''} · {o.limitHours} 小时内凑齐 {o.size} 人即成团，未成团自动全额退款
      </Text>
      {o.groups.map((g) => (
        <OpenGroup key={g.id} g={g} />
      ))}
      {error ? <Text className="gp-error">{error}</Text> : null}
      {canBuy(o.sale) ? (
        <Button
          className="btn btn--primary"
          style={{ marginTop: '12px' }}
          loading={busy}
          disabled={busy}
          onClick={() => void run(() => startGroup(o.id))}
          data-testid="group-start"
        >
          {`${formatFen(o.priceFen)} 发起拼团`}
        </Button>
      ) : null}
    </View>
  )
}

function OpenGroup({ g }: { g: GroupCard }) {
  const now = useNow(1000)
  return (
    <View className="gp-open" data-testid="group-open">
      <View>
        <Text>{g.leader.nickname || '好友'} 的团</Text>
        <Text className="gp-meta">
          还差 {g.seatsLeft} 人 · {countdownText(g.deadline, now) || '即将结束'}
        </Text>
      </View>
      <Button className="btn btn--mini btn--primary" onClick={() => void Taro.navigateTo({ url: groupUrl(g.id) })}>
        去参团
      </Button>
    </View>
  )
}

function MyGroups({ circleId }: { circleId: string }) {
  const list = useGroupStore(selectMine(circleId))
  const loadMine = useGroupStore((s) => s.loadMine)
  if (list.items.length === 0) return null
  return (
    <View>
      <Text className="gp-section">我的拼团</Text>
      <View className="cells">
        {list.items.map((g) => (
          <View
            key={g.id}
            className="cell"
            onClick={() => void Taro.navigateTo({ url: groupUrl(g.id) })}
            data-testid="group-mine"
          >
            <Text className="cell__body">{g.product.title}</Text>
            <Text className={`gp-status gp-status--${g.status}`}>
              {g.statusLabel} · {g.seats}/{g.size}
            </Text>
            <Text className="cell__arrow">›</Text>
          </View>
        ))}
      </View>
      <ListFooter list={list} onMore={() => void loadMine(circleId, 'more')} />
    </View>
  )
}
