import { useEffect, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { Catalog } from '@core/contract'
import type { GroupOfferView } from '@core/contracts/group'
import { GROUP_LIMITS } from '@core/group'
import { formatFen, parsePriceInput } from '@core/money/pricing'
import { ListFooter } from '@/components/ListFooter'
import { LoadedView } from '@/components/LoadedView'
import { OwnerGate } from '@/components/OwnerGate'
import { PriceInput } from '@/components/PriceInput'
import { StateView } from '@/components/StateView'
import { toApiError } from '@/services/cloud'
import type { ListState } from '@/store'
import { KIND_TEXT } from '../../labels'
import { selectCatalog, selectManaged, useGroupStore } from '../../store'
import '../../group.scss'

/** The owner's (and partners') 拼团: offer a product at a group price, and end an offer. */
export default function ManageGroupsPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="group.manage" what="管理拼团" who="圈主和合伙人">
        {() => <Manage circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}

type Choice = { kind: 'entry' } | { kind: 'pass' } | { kind: 'course'; courseId: string }

/** What the circle sells that a group may sell, with its price now. */
function choicesOf(c: Catalog): { key: string; label: string; priceFen: number; product: Choice }[] {
  const out: { key: string; label: string; priceFen: number; product: Choice }[] = []
  if (c.entry) out.push({ key: 'entry', label: '入圈', priceFen: c.entry.baseFen, product: { kind: 'entry' } })
  if (c.pass) out.push({ key: 'pass', label: '年卡', priceFen: c.pass.priceFen, product: { kind: 'pass' } })
  for (const course of c.courses)
    out.push({
      key: `course:${course.id}`,
      label: course.title,
      priceFen: course.priceFen,
      product: { kind: 'course', courseId: course.id },
    })
  return out
}

function Manage({ circleId }: { circleId: string }) {
  const catalog = useGroupStore(selectCatalog(circleId))
  const loadCatalog = useGroupStore((s) => s.loadCatalog)
  const list = useGroupStore(selectManaged(circleId))
  const loadManaged = useGroupStore((s) => s.loadManaged)
  useEffect(() => {
    void loadCatalog(circleId)
    void loadManaged(circleId)
  }, [circleId, loadCatalog, loadManaged])
  return (
    <LoadedView state={catalog} onRetry={() => void loadCatalog(circleId)}>
      {(c) => <Offers circleId={circleId} choices={choicesOf(c)} list={list} />}
    </LoadedView>
  )
}

function Offers({
  circleId,
  choices,
  list,
}: {
  circleId: string
  choices: ReturnType<typeof choicesOf>
  list: ListState<GroupOfferView>
}) {
  const loadManaged = useGroupStore((s) => s.loadManaged)
  return (
    <View>
      {choices.length === 0 ? (
        <StateView kind="empty" text="先在「定价」里设置入圈价、年卡或课程，再发起拼团" />
      ) : (
        <OfferForm circleId={circleId} choices={choices} />
      )}
      <Text className="gp-section">进行中的拼团活动</Text>
      {list.items.length === 0 && list.status === 'error' ? (
        <StateView kind="error" error={list.error} onRetry={() => void loadManaged(circleId)} />
      ) : list.items.length === 0 && list.status !== 'ready' ? (
        <StateView kind="loading" />
      ) : list.items.length === 0 ? (
        <StateView kind="empty" text="还没有进行中的拼团活动" />
      ) : (
        list.items.map((o) => <OfferRow key={o.id} circleId={circleId} o={o} />)
      )}
      <ListFooter list={list} onMore={() => void loadManaged(circleId, 'more')} />
    </View>
  )
}

function OfferForm({
  circleId,
  choices,
}: {
  circleId: string
  choices: { key: string; label: string; priceFen: number; product: Choice }[]
}) {
  const createOffer = useGroupStore((s) => s.createOffer)
  const [key, setKey] = useState(choices[0].key)
  const [size, setSize] = useState(2)
  const [price, setPrice] = useState('')
  const [hours, setHours] = useState('24')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const choice = choices.find((c) => c.key === key) ?? choices[0]

  const submit = async () => {
    const parsed = parsePriceInput(price, { label: '拼团价', maxFen: Math.max(1, choice.priceFen - 1) })
    if (!parsed.ok) return setError(parsed.problem)
    const limitHours = Number(hours)
    if (!Number.isInteger(limitHours) || limitHours < GROUP_LIMITS.minHours || limitHours > GROUP_LIMITS.maxHours)
      return setError(`拼团时限需在 ${GROUP_LIMITS.minHours}–${GROUP_LIMITS.maxHours} 小时之间`)
    setBusy(true)
    setError('')
    try {
      await createOffer({ circleId, product: choice.product, size, priceFen: parsed.fen, limitHours })
      setPrice('')
      void Taro.showToast({ title: '已发起拼团', icon: 'success' })
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }

  const sizes = Array.from(
    { length: GROUP_LIMITS.maxSize - GROUP_LIMITS.minSize + 1 },
    (_, i) => i + GROUP_LIMITS.minSize,
  )
  return (
    <View data-testid="group-offer-form">
      <Text className="gp-section">发起拼团</Text>
      <View className="gp-field">
        <Text className="gp-field__label">商品</Text>
        <View className="gp-choices">
          {choices.map((c) => (
            <Text
              key={c.key}
              className={`gp-choice ${c.key === key ? 'gp-choice--on' : ''}`}
              onClick={() => setKey(c.key)}
              data-testid={`group-product-${c.key}`}
            >
              {c.label} {formatFen(c.priceFen)}
            </Text>
          ))}
        </View>
      </View>
      <View className="gp-field">
        <Text className="gp-field__label">成团人数</Text>
        <View className="gp-choices">
          {sizes.map((n) => (
            <Text
              key={n}
              className={`gp-choice ${n === size ? 'gp-choice--on' : ''}`}
              onClick={() => setSize(n)}
              data-testid={`group-size-${n}`}
            >
              {n} 人
            </Text>
          ))}
        </View>
      </View>
      <View className="gp-field">
        <Text className="gp-field__label">拼团价（元）</Text>
        <PriceInput
          className="gp-field__input"
          value={price}
          placeholder={`低于原价 ${formatFen(choice.priceFen)}`}
          onChange={setPrice}
          testid="group-price"
        />
      </View>
      <View className="gp-field">
        <Text className="gp-field__label">时限（小时）</Text>
        <Input
          className="gp-field__input"
          type="number"
          value={hours}
          onInput={(e) => setHours(e.detail.value)}
          data-testid="group-hours"
        />
      </View>
      {error ? <Text className="gp-error">{error}</Text> : null}
      <View className="gp-actions">
        <Button
          className="btn btn--primary"
          loading={busy}
          disabled={busy}
          onClick={() => void submit()}
          data-testid="group-create"
        >
          发起拼团
        </Button>
      </View>
    </View>
  )
}

function OfferRow({ circleId, o }: { circleId: string; o: GroupOfferView }) {
  const closeOffer = useGroupStore((s) => s.closeOffer)
  const [busy, setBusy] = useState(false)
  const close = async () => {
    const { confirm } = await Taro.showModal({
      title: '结束这个拼团活动？',
      content: '结束后不能再开新团；正在进行的团照常到期，未成团的自动全额退款。',
      confirmText: '结束',
    })
    if (!confirm) return
    setBusy(true)
    try {
      await closeOffer(circleId, o.id)
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="card" data-testid="group-managed-offer">
      <View className="card__head">
        <Text className="card__title">{o.product.title}</Text>
        <Text className="gp-tag">{o.size} 人团</Text>
      </View>
      <Text className="gp-meta">
        {KIND_TEXT[o.product.kind] ?? ''} · 拼团价 {formatFen(o.priceFen)}（原价 {formatFen(o.listPriceFen)}）·{' '}
        {o.limitHours} 小时
      </Text>
      <Button
        className="btn btn--mini btn--warn"
        style={{ marginTop: '8px' }}
        loading={busy}
        disabled={busy}
        onClick={() => void close()}
      >
        结束活动
      </Button>
    </View>
  )
}
