import { useEffect, useState } from 'react'
import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CouponView } from '@core/contract'
import { COUPON_SCOPE_LABELS, type CouponScope } from '@core/coupons'
import { inShanghai } from '@core/time'
import { StateView } from '@/components/StateView'
import { toApiError, serverNow } from '@/services/cloud'
import { type NewCouponInput, couponStatus, selectCoupons, useWalletStore } from '../../store'
import { parsePriceInput } from '@core/money/pricing'
import { PriceInput } from '@/components/PriceInput'
import { parsePercentToBps } from '../../money'
import '../../components/money.scss'
import { useSubmit } from '@/hooks/useSubmit'

interface CouponDraft {
  code: string
  title: string
  kind: 'fixed' | 'percent'
  amount: string
  /** 折: "8" = 8 折 (20 % off), "8.5" = 8.5 折. */
  zhe: string
  limit: string
  from: string
  until: string
  scopes: CouponScope[]
  listed: boolean
}

const day = (ms: number) => inShanghai(ms).format('YYYY-MM-DD')

function emptyDraft(now: number): CouponDraft {
  return {
    code: '',
    title: '',
    kind: 'fixed',
    amount: '',
    zhe: '8',
    limit: '100',
    from: day(now),
    until: day(now + 30 * 86_400_000),
    scopes: ['entry', 'renewal'],
    listed: true,
  }
}

/** The draft as createCoupon input (validity from the start of `from` to the end of `until`, Shanghai), or what is wrong. */
export function couponInputOf(d: CouponDraft) {
  const code = d.code.trim().toUpperCase()
  if (!/^[A-Z0-9]{4,16}$/.test(code)) return { problem: '优惠码为 4–16 位字母或数字' } as const
  const title = d.title.trim()
  if (!title || [...title].length > 20) return { problem: '请填写优惠券名称（最多 20 字）' } as const
  let amountFen = 0
  let offBps = 0
  if (d.kind === 'fixed') {
    const amount = parsePriceInput(d.amount, { label: '立减金额' })
    if (!amount.ok) return { problem: amount.problem } as const
    amountFen = amount.fen
  } else {
    // 8 折 = pays 80 % → 2000 bps off; parsed as a percent of ten (no floats).
    const payBps = parsePercentToBps(d.zhe)
    if (payBps === null || payBps * 10 >= 10_000 || payBps < 1) return { problem: '折扣填写 0.1–9.9 折' } as const
    offBps = 10_000 - payBps * 10
  }
  const limit = /^\d{1,6}$/.test(d.limit.trim()) ? Number(d.limit.trim()) : null
  if (limit === null || limit < 1 || limit > 100_000) return { problem: '发放数量为 1–100000 张' } as const
  if (!d.from || !d.until || d.until < d.from) return { problem: '结束日期不能早于开始日期' } as const
  if (d.scopes.length === 0) return { problem: '请至少选择一个适用范围' } as const
  const input: NewCouponInput = {
    couponCode: code,
    title,
    couponKind: d.kind,
    amountFen,
    offBps,
    couponLimit: limit,
    validFrom: `${d.from}T00:00:00+08:00`,
    validUntil: `${d.until}T23:59:59+08:00`,
    couponScopes: d.scopes,
    listed: d.listed,
  }
  return { input } as const
}

function CouponRow({ c, onStop }: { c: CouponView; onStop: () => void }) {
  const status = couponStatus(c)
  return (
    <View className="cell" data-testid="coupon-row">
      <View className="cell__body money-row__body">
        <Text className="money-row__title">
          {c.title} · {c.text}
        </Text>
        <Text className="muted">
          优惠码 {c.code} · {c.scopes.map((s) => COUPON_SCOPE_LABELS[s]).join('、')} ·{' '}
          {inShanghai(c.validFrom).format('M月D日')}–{inShanghai(c.validUntil).format('M月D日')}
          {c.listed ? '' : ' · 不在购买页展示'}
        </Text>
        <Text className="muted" data-testid="coupon-used">
          已领用 {c.usedCount}/{c.limit}（已付款 {c.paidCount}）
        </Text>
      </View>
      <View className="money-row__side">
        <Text className={`money-tag ${status.key === 'active' ? 'money-tag--available' : 'money-tag--muted'}`}>
          {status.text}
        </Text>
        {status.key === 'active' || status.key === 'upcoming' ? (
          <Text className="link" onClick={onStop} data-testid="coupon-stop">
            停用
          </Text>
        ) : null}
      </View>
    </View>
  )
}

/** The team's coupons: create (fixed or percent, count, window, scopes), see used counts, stop. */
export function CouponsView({ circleId }: { circleId: string }) {
  const list = useWalletStore(selectCoupons(circleId))
  const loadCoupons = useWalletStore((s) => s.loadCoupons)
  const createCoupon = useWalletStore((s) => s.createCoupon)
  const disableCoupon = useWalletStore((s) => s.disableCoupon)
  const [creating, setCreating] = useState(false)
  const [d, setD] = useState<CouponDraft>(() => emptyDraft(serverNow()))
  const [error, setError] = useState('')

  useEffect(() => {
    void loadCoupons(circleId)
  }, [circleId, loadCoupons])

  const set = <K extends keyof CouponDraft>(k: K, v: CouponDraft[K]) => {
    setD((old) => ({ ...old, [k]: v }))
    setError('')
  }
  const saveAction = useSubmit(
    async () => {
      const r = couponInputOf(d)
      if ('problem' in r) {
        setError(r.problem ?? '')
        return
      }
      await createCoupon(circleId, r.input)
      setCreating(false)
      setD(emptyDraft(serverNow()))
      Taro.showToast({ title: '已创建', icon: 'success' })
    },
    { onError: (e) => setError(e.message) },
  )
  const save = saveAction.run
  const busy = saveAction.busy
  const stop = (c: CouponView) => {
    void Taro.showModal({
      title: '停用优惠券',
      content: `停用后「${c.title}」不能再使用，已下单的不受影响。`,
      confirmColor: '#FA5151',
      confirmText: '停用',
    }).then(async (r) => {
      if (!r.confirm) return
      try {
        await disableCoupon(circleId, c.id)
      } catch (e) {
        void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
      }
    })
  }

  let body
  if (list.items.length === 0) {
    if (list.status === 'error')
      body = <StateView kind="error" error={list.error} onRetry={() => void loadCoupons(circleId)} />
    else if (list.status === 'ready') body = <StateView kind="empty" text="还没有优惠券" />
    else body = <StateView kind="loading" />
  } else {
    body = (
      <View className="cells">
        {list.items.map((c) => (
          <CouponRow key={c.id} c={c} onStop={() => stop(c)} />
        ))}
        {list.nextCursor ? (
          <View className="list-footer" onClick={() => void loadCoupons(circleId, 'more')}>
            {list.status === 'loadingMore' ? '加载中…' : '加载更多'}
          </View>
        ) : null}
      </View>
    )
  }

  return (
    <View>
      {creating ? (
        <View data-testid="coupon-form">
          <View className="cells__title">新建优惠券</View>
          <View className="cells" style={{ marginTop: 0 }}>
            <View className="cell">
              <Text className="cell__label">名称</Text>
              <Input
                className="input cell__body"
                value={d.title}
                placeholder="例如 老带新立减"
                maxlength={20}
                onInput={(e) => set('title', e.detail.value)}
                data-testid="coupon-title"
              />
            </View>
            <View className="cell">
              <Text className="cell__label">优惠码</Text>
              <Input
                className="input cell__body"
                value={d.code}
                placeholder="4–16 位字母或数字"
                maxlength={16}
                onInput={(e) => set('code', e.detail.value)}
                data-testid="coupon-new-code"
              />
            </View>
            <View className="cell">
              <Text className="cell__label">类型</Text>
              <View className="cell__body money-chips">
                {(['fixed', 'percent'] as const).map((k) => (
                  <Text
                    key={k}
                    className={`money-chip ${d.kind === k ? 'money-chip--on' : ''}`}
                    onClick={() => set('kind', k)}
                  >
                    {k === 'fixed' ? '立减' : '折扣'}
                  </Text>
                ))}
              </View>
            </View>
            {d.kind === 'fixed' ? (
              <View className="cell">
                <Text className="cell__label">立减</Text>
                <PriceInput
                  className="input cell__body"
                  value={d.amount}
                  placeholder="例如 20"
                  onChange={(v) => set('amount', v)}
                  testid="coupon-amount"
                />
                <Text className="money-unit">元</Text>
              </View>
            ) : (
              <View className="cell">
                <Text className="cell__label">折扣</Text>
                <Input
                  className="input cell__body"
                  type="digit"
                  value={d.zhe}
                  onInput={(e) => set('zhe', e.detail.value)}
                  data-testid="coupon-zhe"
                />
                <Text className="money-unit">折</Text>
              </View>
            )}
            <View className="cell">
              <Text className="cell__label">发放数量</Text>
              <Input
                className="input cell__body"
                type="number"
                value={d.limit}
                onInput={(e) => set('limit', e.detail.value)}
                data-testid="coupon-limit"
              />
              <Text className="money-unit">张</Text>
            </View>
            <Picker mode="date" value={d.from} onChange={(e) => set('from', e.detail.value)}>
              <View className="cell">
                <Text className="cell__label">开始日期</Text>
                <Text className="cell__value">{d.from}</Text>
                <Text className="cell__arrow">›</Text>
              </View>
            </Picker>
            <Picker mode="date" value={d.until} start={d.from} onChange={(e) => set('until', e.detail.value)}>
              <View className="cell">
                <Text className="cell__label">结束日期</Text>
                <Text className="cell__value">{d.until}</Text>
                <Text className="cell__arrow">›</Text>
              </View>
            </Picker>
            <View className="cell">
              <Text className="cell__label">适用于</Text>
              <View className="cell__body money-chips">
                {(['entry', 'renewal', 'course'] as const).map((k) => (
                  <Text
                    key={k}
                    className={`money-chip ${d.scopes.includes(k) ? 'money-chip--on' : ''}`}
                    onClick={() =>
                      set('scopes', d.scopes.includes(k) ? d.scopes.filter((x) => x !== k) : [...d.scopes, k])
                    }
                  >
                    {COUPON_SCOPE_LABELS[k]}
                  </Text>
                ))}
              </View>
            </View>
            <View className="cell">
              <Text className="cell__body">在购买页展示（关闭后只能输入优惠码使用）</Text>
              <Switch checked={d.listed} color="#07C160" onChange={(e) => set('listed', e.detail.value)} />
            </View>
          </View>
          <View className="money-hint">
            每人每张优惠券限用一次；待支付订单会占用一张，订单超时关闭后自动退回。优惠后至少支付 0.01 元。
          </View>
          {error ? (
            <Text className="money-error" data-testid="coupon-form-error">
              {error}
            </Text>
          ) : null}
          <View className="footer-actions">
            <Button
              className={`btn btn--primary ${busy ? 'btn--disabled' : ''}`}
              disabled={busy}
              loading={busy}
              onClick={() => void save()}
              data-testid="coupon-save"
            >
              创建
            </Button>
            <Button className="btn btn--default" onClick={() => setCreating(false)}>
              取消
            </Button>
          </View>
        </View>
      ) : (
        <View className="footer-actions">
          <Button className="btn btn--primary" onClick={() => setCreating(true)} data-testid="coupon-new">
            新建优惠券
          </Button>
        </View>
      )}
      {body}
    </View>
  )
}
