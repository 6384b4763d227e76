import { useEffect, useState } from 'react'
import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Catalog, CircleDetail, SplitRulesView } from '@core/contract'
import { messageFor } from '@core/errors'
import { inShanghai } from '@core/time'
import { StateView } from '@/components/StateView'
import { serverNow } from '@/services/cloud'
import { selectMembers, useAppStore } from '@/store'
import { selectOwnerCatalog, selectSplitRules, splitReceiversBps, useWalletStore } from '../../store'
import { parsePriceInput } from '@core/money/pricing'
import { PriceInput } from '@/components/PriceInput'
import { fenToInput, formatBps, formatFen, parsePercentToBps, parseYuanToFen } from '../../money'
import '../../components/money.scss'
import { TermsForm } from './TermsForm'
import { useSubmit } from '@/hooks/useSubmit'

type TermKind = 'rolling' | 'cohort'

interface PricingDraft {
  price: string
  marked: string
  termKind: TermKind
  days: string
  /** YYYY-MM-DD, a Shanghai calendar day; the term ends at its last second. */
  endDate: string
  passOn: boolean
  passPrice: string
  passDays: string
}

function draftOf(c: Catalog): PricingDraft {
  const term = c.entry?.term
  return {
    price: fenToInput(c.entry?.priceFen),
    marked: fenToInput(c.entry?.markedPriceFen),
    termKind: term?.kind ?? 'rolling',
    days: term?.kind === 'rolling' ? String(term.days) : '365',
    endDate: term?.kind === 'cohort' ? inShanghai(term.endsAt).format('YYYY-MM-DD') : '',
    passOn: !!c.pass,
    passPrice: fenToInput(c.pass?.priceFen),
    passDays: String(c.pass?.days ?? 365),
  }
}

const wholeNumber = (s: string): number | null => (/^\d{1,5}$/.test(s.trim()) ? Number(s.trim()) : null)

/** The draft as setPricing input, or the first thing wrong with it in words. */
export function pricingInputOf(circleId: string, d: PricingDraft, today: string) {
  const price = parsePriceInput(d.price, { label: '入圈价格' })
  if (!price.ok) return { problem: price.problem } as const
  const priceFen = price.fen
  let markedPriceFen: number | null = null
  if (d.marked.trim()) {
    const marked = parsePriceInput(d.marked, { label: '划线价' })
    if (!marked.ok) return { problem: marked.problem } as const
    markedPriceFen = marked.fen
    if (markedPriceFen <= priceFen) return { problem: '划线价应高于入圈价格' } as const
  }
  let term: { kind: 'rolling'; days: number } | { kind: 'cohort'; endsAt: string }
  if (d.termKind === 'rolling') {
    const days = wholeNumber(d.days)
    if (days === null || days < 1 || days > 3650) return { problem: '有效天数为 1–3650 天' } as const
    term = { kind: 'rolling', days }
  } else {
    if (!d.endDate) return { problem: '请选择统一截止日期' } as const
    if (d.endDate <= today) return { problem: '截止日期需晚于今天' } as const
    term = { kind: 'cohort', endsAt: `${d.endDate}T23:59:59+08:00` }
  }
  let pass: { priceFen: number; days: number } | null = null
  if (d.passOn) {
    const passPrice = parsePriceInput(d.passPrice, { label: '年卡价格' })
    if (!passPrice.ok) return { problem: passPrice.problem } as const
    const passPriceFen = passPrice.fen
    const days = wholeNumber(d.passDays)
    if (days === null || days < 30 || days > 3650) return { problem: '年卡天数为 30–3650 天' } as const
    pass = { priceFen: passPriceFen, days }
  }
  return { input: { circleId, entry: { priceFen, markedPriceFen, term }, pass } } as const
}

function AmountRow({
  label,
  value,
  placeholder,
  testId,
  onChange,
}: {
  label: string
  value: string
  placeholder: string
  testId: string
  onChange: (v: string) => void
}) {
  return (
    <View className="cell">
      <Text className="cell__label">{label}</Text>
      <PriceInput
        className="input cell__body"
        value={value}
        placeholder={placeholder}
        onChange={onChange}
        testid={testId}
      />
      <Text className="money-unit">元</Text>
    </View>
  )
}

function PricingForm({ circleId, catalog }: { circleId: string; catalog: Catalog }) {
  const savePricing = useWalletStore((s) => s.savePricing)
  const [d, setD] = useState<PricingDraft>(() => draftOf(catalog))
  const [error, setError] = useState('')
  const set = <K extends keyof PricingDraft>(k: K, v: PricingDraft[K]) => {
    setD((old) => ({ ...old, [k]: v }))
    setError('')
  }
  const today = inShanghai(serverNow()).format('YYYY-MM-DD')
  const priceFen = parseYuanToFen(d.price)
  const days = wholeNumber(d.days)

  const saveAction = useSubmit(
    async () => {
      const r = pricingInputOf(circleId, d, today)
      if ('problem' in r) {
        setError(r.problem ?? '')
        return
      }
      await savePricing(r.input)
      Taro.showToast({ title: '价格已保存', icon: 'success' })
    },
    { onError: (e) => setError(e.message) },
  )
  const save = saveAction.run
  const busy = saveAction.busy

  return (
    <View>
      <View className="cells__title">入圈价格</View>
      <View className="cells" style={{ marginTop: 0 }}>
        <AmountRow
          label="价格"
          value={d.price}
          placeholder="例如 99"
          testId="entry-price"
          onChange={(v) => set('price', v)}
        />
        <AmountRow
          label="划线价"
          value={d.marked}
          placeholder="选填，高于价格"
          testId="marked-price"
          onChange={(v) => set('marked', v)}
        />
        <View className="cell">
          <Text className="cell__label">有效期</Text>
          <View className="cell__body money-chips">
            {(['rolling', 'cohort'] as const).map((k) => (
              <Text
                key={k}
                className={`money-chip ${d.termKind === k ? 'money-chip--on' : ''}`}
                onClick={() => set('termKind', k)}
              >
                {k === 'rolling' ? '按天数（从加入起算）' : '统一截止日期'}
              </Text>
            ))}
          </View>
        </View>
        {d.termKind === 'rolling' ? (
          <View className="cell">
            <Text className="cell__label">天数</Text>
            <Input
              className="input cell__body"
              type="number"
              value={d.days}
              onInput={(e) => set('days', e.detail.value)}
              data-testid="term-days"
            />
            <Text className="money-unit">天</Text>
          </View>
        ) : (
          <Picker mode="date" value={d.endDate || today} start={today} onChange={(e) => set('endDate', e.detail.value)}>
            <View className="cell">
              <Text className="cell__label">截止日期</Text>
              <Text className="cell__value">{d.endDate || '请选择'}</Text>
              <Text className="cell__arrow">›</Text>
            </View>
          </Picker>
        )}
      </View>
      {d.termKind === 'rolling' && priceFen && days ? (
        <View className="money-hint">
          成员看到：{formatFen(priceFen)} 元 / {days} 天，约 {formatFen(Math.round(priceFen / days))} 元/天
        </View>
      ) : d.termKind === 'cohort' ? (
        <View className="money-hint">所有成员的会员期都在截止日期当天 24:00 结束，付款页会显示剩余天数。</View>
      ) : null}

      <View className="cells__title">年卡</View>
      <View className="cells" style={{ marginTop: 0 }}>
        <View className="cell">
          <Text className="cell__body">出售年卡（可自用或赠送好友）</Text>
          <Switch checked={d.passOn} color="#07C160" onChange={(e) => set('passOn', e.detail.value)} />
        </View>
        {d.passOn ? (
          <View>
            <AmountRow
              label="年卡价格"
              value={d.passPrice}
              placeholder="例如 199"
              testId="pass-price"
              onChange={(v) => set('passPrice', v)}
            />
            <View className="cell">
              <Text className="cell__label">年卡天数</Text>
              <Input
                className="input cell__body"
                type="number"
                value={d.passDays}
                onInput={(e) => set('passDays', e.detail.value)}
              />
              <Text className="money-unit">天</Text>
            </View>
          </View>
        ) : null}
      </View>
      {error ? (
        <Text className="money-error" data-testid="pricing-error">
          {error}
        </Text>
      ) : null}
      <View className="footer-actions">
        <Button
          className={`btn btn--primary ${busy ? 'btn--disabled' : ''}`}
          disabled={busy}
          loading={busy}
          onClick={() => void save()}
          data-testid="save-pricing"
        >
          保存价格
        </Button>
      </View>
    </View>
  )
}

interface PartnerDraft {
  openid: string
  nickname: string
  percent: string
}

function SplitForm({ circleId, rules, ownerOpenid }: { circleId: string; rules: SplitRulesView; ownerOpenid: string }) {
  const saveSplitRules = useWalletStore((s) => s.saveSplitRules)
  const members = useAppStore(selectMembers(circleId))
  const loadMembers = useAppStore((s) => s.loadMembers)
  const [referrer, setReferrer] = useState(formatBps(rules.referrerBps))
  const [partners, setPartners] = useState<PartnerDraft[]>(() =>
    rules.partners.map((p) => ({ openid: p.openid, nickname: p.nickname, percent: formatBps(p.bps) })),
  )
  const [picking, setPicking] = useState(false)
  const [error, setError] = useState('')

  const referrerBps = parsePercentToBps(referrer)
  const partnerBps = partners.map((p) => parsePercentToBps(p.percent))
  const allValid = referrerBps !== null && partnerBps.every((b) => b !== null && b > 0)
  const receiversBps = allValid
    ? splitReceiversBps({ referrerBps: referrerBps!, partners: partnerBps.map((b) => ({ bps: b! })) })
    : null
  const over = receiversBps !== null && receiversBps > rules.capBps

  const openPicker = () => {
    setPicking(true)
    if (members.status === 'idle') void loadMembers(circleId)
  }

  const saveAction = useSubmit(
    async () => {
      if (!allValid) {
        setError('比例请填写 0–100 之间的数字，最多两位小数；合伙人的比例需大于 0')
        return
      }
      if (over) {
        setError(messageFor('split_cap_exceeded'))
        return
      }
      setError('')
      await saveSplitRules({
        circleId,
        referrerBps: referrerBps!,
        partners: partners.map((p, i) => ({ openid: p.openid, bps: partnerBps[i]! })),
      })
      Taro.showToast({ title: '分成已保存', icon: 'success' })
    },
    { onError: (e) => setError(e.message) },
  )
  const save = saveAction.run
  const busy = saveAction.busy

  const candidates = members.items.filter(
    (m) => m.openid !== ownerOpenid && !partners.some((p) => p.openid === m.openid),
  )

  return (
    <View>
      <View className="cells__title">分成</View>
      <View className="cells" style={{ marginTop: 0 }}>
        <View className="cell">
          <Text className="cell__label">平台服务费</Text>
          <Text className="cell__value" data-testid="platform-fee">
            {formatBps(rules.platformFeeBps)}%
          </Text>
        </View>
        <View className="cell">
          <Text className="cell__label">推荐佣金</Text>
          <Input
            className="input cell__body"
            type="digit"
            value={referrer}
            onInput={(e) => {
              setReferrer(e.detail.value)
              setError('')
            }}
            data-testid="referrer-percent"
          />
          <Text className="money-unit">%</Text>
        </View>
        {partners.map((p, i) => (
          <View className="cell" key={p.openid} data-testid="partner-row">
            <Text className="cell__label">{p.nickname}</Text>
            <Input
              className="input cell__body"
              type="digit"
              value={p.percent}
              onInput={(e) => {
                const v = e.detail.value
                setPartners((old) => old.map((x, j) => (j === i ? { ...x, percent: v } : x)))
                setError('')
              }}
              data-testid="partner-percent"
            />
            <Text className="money-unit">%</Text>
            <Text
              className="link"
              style={{ marginLeft: '12px' }}
              onClick={() => setPartners((old) => old.filter((_, j) => j !== i))}
            >
              移除
            </Text>
          </View>
        ))}
        {partners.length < 10 ? (
          <View className="cell" onClick={openPicker}>
            <Text className="cell__body link">＋ 添加合伙人</Text>
          </View>
        ) : null}
      </View>
      {picking ? (
        <View className="cells">
          <View className="cells__title">选择成员作为合伙人</View>
          {members.status === 'loading' || members.status === 'idle' ? (
            <StateView kind="loading" />
          ) : members.items.length === 0 && members.status === 'error' ? (
            <StateView kind="error" error={members.error} onRetry={() => void loadMembers(circleId)} />
          ) : candidates.length === 0 ? (
            <StateView kind="empty" text="没有可以添加的成员" />
          ) : (
            <View className="money-picker">
              {candidates.map((m) => (
                <View
                  key={m.openid}
                  className="cell"
                  onClick={() => {
                    setPartners((old) => [...old, { openid: m.openid, nickname: m.nickname, percent: '' }])
                    setPicking(false)
                  }}
                >
                  <Text className="cell__body">{m.nickname}</Text>
                  <Text className="cell__arrow">＋</Text>
                </View>
              ))}
              {members.nextCursor ? (
                <View className="list-footer" onClick={() => void loadMembers(circleId, 'more')}>
                  加载更多
                </View>
              ) : null}
            </View>
          )}
          <View className="cell" onClick={() => setPicking(false)}>
            <Text className="cell__body muted">取消</Text>
          </View>
        </View>
      ) : null}
      <View className={`money-sum ${over ? 'money-sum--over' : ''}`} data-testid="split-sum">
        推荐佣金与合伙人合计 {receiversBps === null ? '—' : formatBps(receiversBps) + '%'}，上限{' '}
        {formatBps(rules.capBps)}%（微信分账的单笔上限）
      </View>
      <View className="money-hint">
        每笔收入先扣平台服务费和支付通道费，再按比例分给推荐人和合伙人，余下归圈主；分到的钱同样在退款期满后才可提现。
      </View>
      {error ? (
        <Text className="money-error" data-testid="split-error">
          {error}
        </Text>
      ) : null}
      <View className="footer-actions">
        <Button
          className={`btn btn--primary ${busy ? 'btn--disabled' : ''}`}
          disabled={busy}
          loading={busy}
          onClick={() => void save()}
          data-testid="save-split"
        >
          保存分成
        </Button>
      </View>
    </View>
  )
}

/** Price and term of a paid circle, its annual pass, and how its income is shared. */
export function Pricing({ circle }: { circle: CircleDetail }) {
  const catalog = useWalletStore(selectOwnerCatalog(circle.id))
  const rules = useWalletStore(selectSplitRules(circle.id))
  const loadOwnerCatalog = useWalletStore((s) => s.loadOwnerCatalog)
  const loadSplitRules = useWalletStore((s) => s.loadSplitRules)
  const paid = circle.entryMode === 'paid'

  useEffect(() => {
    if (paid) void loadOwnerCatalog(circle.id)
    void loadSplitRules(circle.id)
  }, [circle.id, paid, loadOwnerCatalog, loadSplitRules])

  let pricing
  if (!paid)
    pricing = <StateView kind="empty" text="这个圈子免费或审核加入，不需要设置入圈价格；课程在「课程」里定价" />
  else if (!catalog.data)
    pricing =
      catalog.status === 'error' ? (
        <StateView kind="error" error={catalog.error} onRetry={() => void loadOwnerCatalog(circle.id)} />
      ) : (
        <StateView kind="loading" />
      )
  else pricing = <PricingForm key={catalog.data.circleId} circleId={circle.id} catalog={catalog.data} />

  let split
  if (!rules.data)
    split =
      rules.status === 'error' ? (
        <StateView kind="error" error={rules.error} onRetry={() => void loadSplitRules(circle.id)} />
      ) : (
        <StateView kind="loading" />
      )
  else split = <SplitForm circleId={circle.id} rules={rules.data} ownerOpenid={circle.owner.openid} />

  return (
    <View>
      {pricing}
      {paid ? <TermsForm circleId={circle.id} /> : null}
      {split}
    </View>
  )
}
