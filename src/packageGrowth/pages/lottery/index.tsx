import { useEffect, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import type { LotteryView, LotteryWinnerView } from '@core/contracts/lottery'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { selectMe, useAppStore } from '@/store'
import { messageFor, isErrorCode } from '@core/errors'
import { STATUS_TEXT, conditionsText, drawAtText, prizeText } from '../../labels'
import { lotteryUrl } from '../../routes'
import { selectLottery, useGrowthStore } from '../../store'
import '../../growth.scss'
import { useSubmit } from '@/hooks/useSubmit'

/**
 * One lottery: its commitment before the draw, entering, a 助力 link to share (opened by a friend,
 * the same page offers 助力 for the sharer), and after the draw the revealed seed and the winners.
 */
export default function LotteryPage() {
  const params = useRouter().params
  const id = params.id ?? ''
  const helpee = params.helpee ?? ''
  const session = useSignedIn()
  const me = useAppStore(selectMe)
  const state = useGrowthStore(selectLottery(id))
  const load = useGrowthStore((s) => s.loadLottery)
  useEffect(() => {
    if (session.ready && id) void load(id)
  }, [session.ready, id, load])
  useDidShow(() => {
    if (session.ready && state.data) void load(id)
  })
  useShareAppMessage(() => ({
    title: state.data ? `帮我助力「${state.data.title}」，多一次中奖机会` : '帮我助力抽奖',
    path: lotteryUrl(id, me?.openid),
  }))

  const friendHelp = helpee && me && helpee !== me.openid ? <HelpCard lotteryId={id} helpee={helpee} /> : null
  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!id) body = <StateView kind="empty" text="没有找到这个抽奖" />
  else if (!state.data && state.status === 'error')
    body = friendHelp ?? <StateView kind="error" error={state.error} onRetry={() => void load(id)} />
  else if (!state.data) body = <StateView kind="loading" />
  else
    body = (
      <View>
        {friendHelp}
        <Lottery l={state.data} />
      </View>
    )
  return <View className="page">{body}</View>
}

/** A friend who opened a shared link: one tap adds a chance for the sharer. */
function HelpCard({ lotteryId, helpee }: { lotteryId: string; helpee: string }) {
  const help = useGrowthStore((s) => s.helpEntrant)
  const [done, setDone] = useState(false)
  const onHelpAction = useSubmit(async () => {
    const res = await help(lotteryId, helpee)
    setDone(true)
    void Taro.showToast({
      title: res.counted ? '助力成功' : '你已经助力过了',
      icon: res.counted ? 'success' : 'none',
    })
  })
  const onHelp = onHelpAction.run
  const busy = onHelpAction.busy
  return (
    <View className="card">
      <Text className="gr-section">好友邀请你助力</Text>
      <Text className="gr-meta">每位好友在一个抽奖里只能助力一次，助力后对方多一次中奖机会。</Text>
      <Button
        className="btn btn--primary"
        loading={busy}
        disabled={busy || done}
        onClick={() => void onHelp()}
        data-testid="lottery-help"
      >
        {done ? '已助力' : '为 TA 助力'}
      </Button>
    </View>
  )
}

function Lottery({ l }: { l: LotteryView }) {
  const enter = useGrowthStore((s) => s.enterLottery)
  const onEnterAction = useSubmit(async () => {
    await enter(l.id)
    void Taro.showToast({ title: '参与成功', icon: 'success' })
  })
  const onEnter = onEnterAction.run
  const busy = onEnterAction.busy
  const open = l.status === 'open'
  return (
    <View data-testid="lottery-detail">
      <View className="card">
        <View className="card__head">
          <Text className="card__title">{l.title}</Text>
          <Text className={`gr-status gr-status--${l.status}`}>{STATUS_TEXT[l.status]}</Text>
        </View>
        <Text className="gr-meta">
          {drawAtText(l.drawAt)}（北京时间）开奖 · {l.entryCount} 人参加
        </Text>
        {l.prizes.map((p, i) => (
          <View key={i} className="gr-prize">
            {prizeText(p)}
          </View>
        ))}
        {conditionsText(l) ? (
          <Text className="gr-condition" data-testid="lottery-conditions">
            参与条件：{conditionsText(l)}
          </Text>
        ) : null}
      </View>

      {open ? (
        <View className="card">
          {l.me ? (
            <View>
              <Text className="gr-section" data-testid="lottery-chances">
                你已参与，当前 {l.me.chances} 次机会
              </Text>
              <Text className="gr-meta">
                点右上角「···」转发给好友，每位好友助力一次多一次机会（已助力 {l.me.helps} / {l.helpCap}）。
              </Text>
              {l.me.paidPoints > 0 ? <Text className="gr-meta">参与已消耗 {l.me.paidPoints} 积分</Text> : null}
            </View>
          ) : l.blockedBy ? (
            <Text className="gr-meta" data-testid="lottery-blocked">
              {isErrorCode(l.blockedBy) ? messageFor(l.blockedBy) : '暂时不能参加'}
            </Text>
          ) : (
            <Button
              className="btn btn--primary"
              loading={busy}
              disabled={busy}
              onClick={() => void onEnter()}
              data-testid="lottery-enter"
            >
              {l.pointsCost > 0 ? `消耗 ${l.pointsCost} 积分参与` : '参与抽奖'}
            </Button>
          )}
        </View>
      ) : (
        <Winners l={l} />
      )}

      <View className="card">
        <Text className="gr-section">公平性</Text>
        <Text className="gr-meta">
          开奖前公布随机种子的 SHA-256 承诺值，开奖后公布种子；任何人都可以用种子和参与名单按公开的算法重新算出中奖者。
        </Text>
        <Text className="gr-label">承诺值</Text>
        <Text className="gr-hash" selectable data-testid="lottery-commitment">
          {l.commitment}
        </Text>
        <Text className="gr-label">种子</Text>
        <Text className="gr-hash" selectable data-testid="lottery-seed">
          {l.seed ?? '开奖时公布'}
        </Text>
      </View>
    </View>
  )
}

function Winners({ l }: { l: LotteryView }) {
  const me = useAppStore(selectMe)
  if (l.winners.length === 0) return <StateView kind="empty" text="没有人参加，本次无人中奖" />
  const mine = l.winners.find((w) => w.openid === me?.openid)
  const myPrize = mine ? l.prizes[mine.prize] : null
  return (
    <View className="card" data-testid="lottery-winners">
      {myPrize ? (
        <View className="gr-won" data-testid="lottery-my-prize">
          <Text className="gr-section">恭喜你抽中「{myPrize.title}」</Text>
          <Text className="gr-meta">
            {myPrize.kind === 'physical'
              ? '请在下方填写收货地址，圈主发货后这里会显示已发货。'
              : myPrize.kind === 'coupon'
                ? '优惠券已自动发放，券码见「消息通知」。'
                : myPrize.kind === 'points'
                  ? '积分已自动发放，约一分钟内计入你的积分。'
                  : '权益已自动为你领取，可在「权益」里查看。'}
          </Text>
        </View>
      ) : null}
      <Text className="gr-section">中奖名单</Text>
      {l.winners.map((w) => {
        const physical = l.prizes[w.prize]?.kind === 'physical'
        return (
          <View key={w.openid}>
            <View className="gr-winner">
              <Text>{w.nickname || '微信用户'}</Text>
              <Text className="gr-meta">
                {l.prizes[w.prize]?.title}
                {physical ? (w.shipped ? ' · 已发货' : w.hasAddress ? ' · 待发货' : ' · 待填地址') : ''}
              </Text>
            </View>
            {physical && !w.shipped && me?.openid === w.openid ? <AddressForm lotteryId={l.id} w={w} /> : null}
            {physical && !w.shipped && l.canManage && w.address ? <ShipRow lotteryId={l.id} w={w} /> : null}
          </View>
        )
      })}
    </View>
  )
}

/** The winner of a physical prize: where to send it (changeable until shipped). */
function AddressForm({ lotteryId, w }: { lotteryId: string; w: LotteryWinnerView }) {
  const saveAddress = useGrowthStore((s) => s.saveAddress)
  const [a, setA] = useState(w.address ?? { name: '', phone: '', address: '' })
  const onSaveAction = useSubmit(async () => {
    await saveAddress({ lotteryId, ...a })
    void Taro.showToast({ title: '地址已保存', icon: 'success' })
  })
  const onSave = onSaveAction.run
  const busy = onSaveAction.busy
  return (
    <View className="gr-address" data-testid="lottery-address">
      <Text className="gr-label">收货地址</Text>
      <Input
        className="gr-input"
        value={a.name}
        maxlength={20}
        placeholder="收件人"
        onInput={(e) => setA((x) => ({ ...x, name: e.detail.value }))}
      />
      <Input
        className="gr-input"
        value={a.phone}
        type="number"
        maxlength={11}
        placeholder="手机号"
        onInput={(e) => setA((x) => ({ ...x, phone: e.detail.value }))}
      />
      <Input
        className="gr-input"
        value={a.address}
        maxlength={120}
        placeholder="详细地址"
        onInput={(e) => setA((x) => ({ ...x, address: e.detail.value }))}
      />
      <Button
        className="btn btn--primary"
        loading={busy}
        disabled={busy}
        onClick={() => void onSave()}
        data-testid="lottery-address-save"
      >
        {w.hasAddress ? '修改地址' : '保存地址'}
      </Button>
    </View>
  )
}

/** The team: the address given, and 标记已发货. */
function ShipRow({ lotteryId, w }: { lotteryId: string; w: LotteryWinnerView }) {
  const markShipped = useGrowthStore((s) => s.markShipped)
  const onShipAction = useSubmit(async () => {
    await markShipped(lotteryId, w.openid)
    void Taro.showToast({ title: '已标记发货', icon: 'success' })
  })
  const onShip = onShipAction.run
  const busy = onShipAction.busy
  return (
    <View className="gr-address">
      <Text className="gr-meta">
        {w.address?.name} {w.address?.phone} {w.address?.address}
      </Text>
      <Button className="btn" loading={busy} disabled={busy} onClick={() => void onShip()} data-testid="lottery-ship">
        标记已发货
      </Button>
    </View>
  )
}
