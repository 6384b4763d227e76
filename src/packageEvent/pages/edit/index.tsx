import { useEffect, useState } from 'react'
import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { InputOf } from '@core/contract'
import type { EventDetail } from '@core/contracts/event'
import type { FormFieldKind } from '@core/event'
import { inShanghai } from '@core/time'
import { OwnerGate } from '@/components/OwnerGate'
import { LoadedView } from '@/components/LoadedView'
import { toApiError, serverNow } from '@/services/cloud'
import { FIELD_LABELS } from '@core/errors'
import { parsePriceInput } from '@core/money/pricing'
import { PriceInput } from '@/components/PriceInput'
import { fenToInput } from '../../format'
import { eventUrl } from '../../routes'
import { selectEvent, useEventStore } from '../../store'
import { EVENT_LIMITS } from '@core/limits'
import '../../event.scss'

export default function EventEditPage() {
  const { circleId = '', id } = useRouter().params
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="event.manage" what="发起和编辑活动" who="圈子管理团队">
        {() => <Editor circleId={circleId} eventId={id} />}
      </OwnerGate>
    </View>
  )
}

/** A moment as two pickers show it, in Asia/Shanghai. */
interface When {
  date: string
  time: string
}

interface FieldDraft {
  key: string
  id: string
  label: string
  kind: FormFieldKind
  options: string
  required: boolean
}

interface Draft {
  title: string
  description: string
  start: When
  end: When
  online: boolean
  address: string
  link: string
  capacity: string
  price: string
  open: boolean
  signupDeadline: When
  cancelDeadline: When
  refundPct: string
  waitlist: boolean
  askName: boolean
  askPhone: boolean
  fields: FieldDraft[]
}

const whenOf = (at: string | Date): When => ({
  date: inShanghai(at).format('YYYY-MM-DD'),
  time: inShanghai(at).format('HH:mm'),
})
const isoOf = (w: When) => `${w.date}T${w.time}:00+08:00`
let seq = 0
const nextKey = () => `f${Date.now().toString(36)}${++seq}`

function draftOf(e: EventDetail | null): Draft {
  if (!e) {
    const start = inShanghai(serverNow()).add(7, 'day').hour(14).minute(0).second(0)
    return {
      title: '',
      description: '',
      start: whenOf(start.toDate()),
      end: whenOf(start.add(3, 'hour').toDate()),
      online: false,
      address: '',
      link: '',
      capacity: '30',
      price: '0',
      open: false,
      signupDeadline: whenOf(start.subtract(1, 'day').toDate()),
      cancelDeadline: whenOf(start.subtract(2, 'day').toDate()),
      refundPct: '100',
      waitlist: true,
      askName: true,
      askPhone: true,
      fields: [],
    }
  }
  return {
    title: e.title,
    description: e.description,
    start: whenOf(e.startAt),
    end: whenOf(e.endAt),
    online: e.place.kind === 'online',
    address: e.place.kind === 'offline' ? e.place.address : '',
    link: e.place.kind === 'online' ? e.place.link : '',
    capacity: String(e.capacity),
    price: fenToInput(e.priceFen),
    open: e.audience === 'open',
    signupDeadline: whenOf(e.signupDeadline),
    cancelDeadline: whenOf(e.cancelDeadline),
    refundPct: String(e.refundPct),
    waitlist: e.waitlist,
    askName: e.form.name,
    askPhone: e.form.phone,
    fields: e.form.fields.map((f) => ({
      key: f.id,
      id: f.id,
      label: f.label,
      kind: f.kind,
      options: f.options.join('，'),
      required: f.required,
    })),
  }
}

/** The draft as save input, or the first thing wrong with it in words. */
function inputOf(
  circleId: string,
  eventId: string | undefined,
  d: Draft,
): { input: InputOf<'event', 'save'> } | { problem: string } {
  const title = d.title.trim()
  if ([...title].length < EVENT_LIMITS.titleMin || [...title].length > EVENT_LIMITS.titleMax)
    return { problem: `活动名称为 ${EVENT_LIMITS.titleMin}–${EVENT_LIMITS.titleMax} 个字` }
  const capacity = Number(d.capacity)
  if (!/^\d+$/.test(d.capacity.trim()) || capacity < 1 || capacity > EVENT_LIMITS.capacityMax)
    return { problem: `人数上限为 1–${EVENT_LIMITS.capacityMax}` }
  const price = parsePriceInput(d.price || '0', { label: '票价', minFen: 0 })
  if (!price.ok) return { problem: `${price.problem}（免费填 0）` }
  const priceFen = price.fen
  const refundPct = Number(d.refundPct)
  if (!/^\d+$/.test(d.refundPct.trim()) || refundPct > 100) return { problem: '退款比例为 0–100' }
  if (d.online ? !/^https?:\/\//.test(d.link.trim()) : [...d.address.trim()].length < 2)
    return { problem: d.online ? '请填写以 http(s):// 开头的线上活动链接' : '请填写活动地址' }
  const fields = []
  for (const f of d.fields) {
    const options =
      f.kind === 'choice'
        ? f.options
            .split(/[,，、\n]/)
            .map((o) => o.trim())
            .filter(Boolean)
        : []
    if (!f.label.trim()) return { problem: '请填写自定义问题的标题' }
    if (f.kind === 'choice' && options.length < 2) return { problem: `「${f.label}」至少需要两个选项（用逗号分隔）` }
    fields.push({ id: f.id, label: f.label.trim(), kind: f.kind, options, required: f.required })
  }
  return {
    input: {
      circleId,
      ...(eventId ? { eventId } : {}),
      title,
      description: d.description.trim(),
      startAt: isoOf(d.start),
      endAt: isoOf(d.end),
      place: d.online ? { kind: 'online', link: d.link.trim() } : { kind: 'offline', address: d.address.trim() },
      capacity,
      priceFen,
      audience: d.open ? 'open' : 'members',
      form: { name: d.askName, phone: d.askPhone, fields },
      signupDeadline: isoOf(d.signupDeadline),
      cancelDeadline: isoOf(d.cancelDeadline),
      refundPct,
      waitlist: d.waitlist,
    },
  }
}

function Editor({ circleId, eventId }: { circleId: string; eventId?: string }) {
  const existing = useEventStore(selectEvent(eventId ?? ''))
  const loadEvent = useEventStore((s) => s.loadEvent)
  useEffect(() => {
    if (eventId) void loadEvent(eventId)
  }, [eventId, loadEvent])
  if (!eventId) return <EventForm circleId={circleId} existing={null} />
  return (
    <LoadedView state={existing} onRetry={() => void loadEvent(eventId)}>
      {(event) => <EventForm key={event.id} circleId={circleId} eventId={eventId} existing={event} />}
    </LoadedView>
  )
}

/** The form, its draft taken once from the event it edits (or blank for a new one). */
function EventForm({
  circleId,
  eventId,
  existing,
}: {
  circleId: string
  eventId?: string
  existing: EventDetail | null
}) {
  const saveEvent = useEventStore((s) => s.saveEvent)
  const [d, setD] = useState<Draft>(() => draftOf(existing))
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState('')
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }))
  const setField = (key: string, patch: Partial<FieldDraft>) =>
    setD((x) => ({ ...x, fields: x.fields.map((f) => (f.key === key ? { ...f, ...patch } : f)) }))

  const locked = !!existing && existing.seatsTaken + existing.waitlistCount > 0

  const onSave = async () => {
    const r = inputOf(circleId, eventId, d)
    if ('problem' in r) return setError(r.problem)
    setSaving(true)
    setError('')
    try {
      const saved = await saveEvent(r.input)
      void Taro.showToast({ title: '已保存', icon: 'success' })
      if (eventId) void Taro.navigateBack()
      else void Taro.redirectTo({ url: eventUrl(saved.id) })
    } catch (e) {
      const err = toApiError(e)
      const field = err.param ? FIELD_LABELS[err.param.split('.')[0]] : null
      setError(
        err.code === 'invalid_argument' && field
          ? `${field}有误：请检查时间先后（报名和取消截止不能晚于开始，结束要晚于开始）`
          : err.message,
      )
    } finally {
      setSaving(false)
    }
  }

  const whenRow = (label: string, w: When, onChange: (w: When) => void, testId: string) => (
    <View className="form-row">
      <Text className="form-row__label">{label}</Text>
      <Picker mode="date" value={w.date} onChange={(e) => onChange({ ...w, date: String(e.detail.value) })}>
        <Text className="link" data-testid={`${testId}-date`}>
          {w.date}
        </Text>
      </Picker>
      <Text> </Text>
      <Picker mode="time" value={w.time} onChange={(e) => onChange({ ...w, time: String(e.detail.value) })}>
        <Text className="link" style={{ marginLeft: '12px' }}>
          {w.time}
        </Text>
      </Picker>
    </View>
  )

  return (
    <View>
      <View className="cells">
        <View className="form-row">
          <Text className="form-row__label">活动名称</Text>
          <Input
            className="form-row__input"
            value={d.title}
            maxlength={EVENT_LIMITS.titleMax}
            placeholder="如：周末外拍 · 外滩夜景"
            onInput={(e) => set('title', e.detail.value)}
            data-testid="event-title-input"
          />
        </View>
        <View className="form-row">
          <Textarea
            className="form-row__input"
            value={d.description}
            maxlength={EVENT_LIMITS.descriptionChars}
            autoHeight
            placeholder="活动介绍：流程、要带什么、注意事项（选填）"
            onInput={(e) => set('description', e.detail.value)}
          />
        </View>
      </View>

      <Text className="cells__title">时间与地点（北京时间）</Text>
      <View className="cells">
        {whenRow('开始', d.start, (w) => set('start', w), 'event-start')}
        {whenRow('结束', d.end, (w) => set('end', w), 'event-end')}
        <View className="form-row">
          <Text className="form-row__label">线上活动</Text>
          <View className="form-row__value">
            <Switch checked={d.online} color="#07c160" onChange={(e) => set('online', e.detail.value)} />
          </View>
        </View>
        {d.online ? (
          <View className="form-row">
            <Text className="form-row__label">活动链接</Text>
            <Input
              className="form-row__input"
              value={d.link}
              placeholder="https://…（报名成功后可见）"
              onInput={(e) => set('link', e.detail.value)}
            />
          </View>
        ) : (
          <View className="form-row">
            <Text className="form-row__label">活动地址</Text>
            <Input
              className="form-row__input"
              value={d.address}
              maxlength={EVENT_LIMITS.addressChars}
              placeholder="详细地址"
              onInput={(e) => set('address', e.detail.value)}
              data-testid="event-address"
            />
          </View>
        )}
      </View>

      <Text className="cells__title">报名</Text>
      <View className="cells">
        <View className="form-row">
          <Text className="form-row__label">人数上限</Text>
          <Input
            className="form-row__input"
            type="number"
            value={d.capacity}
            onInput={(e) => set('capacity', e.detail.value)}
          />
        </View>
        <View className="form-row">
          <Text className="form-row__label">票价（元）</Text>
          <PriceInput
            className="form-row__input"
            value={d.price}
            disabled={locked}
            placeholder="0 为免费"
            onChange={(v) => set('price', v)}
            testid="event-price"
          />
        </View>
        {locked ? <View className="ev-summary">已有人报名，票价不能再修改</View> : null}
        <View className="form-row">
          <Text className="form-row__label">公开报名</Text>
          <Text className="muted" style={{ flex: 1 }}>
            {d.open ? '任何人都可以报名' : '仅圈子成员可报名'}
          </Text>
          <Switch checked={d.open} color="#07c160" onChange={(e) => set('open', e.detail.value)} />
        </View>
        <View className="form-row">
          <Text className="form-row__label">候补</Text>
          <Text className="muted" style={{ flex: 1 }}>
            满员后可排队，有人取消时按顺序递补
          </Text>
          <Switch checked={d.waitlist} color="#07c160" onChange={(e) => set('waitlist', e.detail.value)} />
        </View>
        {whenRow('报名截止', d.signupDeadline, (w) => set('signupDeadline', w), 'event-signup-deadline')}
        {whenRow('取消截止', d.cancelDeadline, (w) => set('cancelDeadline', w), 'event-cancel-deadline')}
        <View className="form-row">
          <Text className="form-row__label">退款比例 %</Text>
          <Input
            className="form-row__input"
            type="number"
            value={d.refundPct}
            onInput={(e) => set('refundPct', e.detail.value)}
          />
        </View>
        <View className="ev-summary">取消截止前取消，按比例原路退款（向下取整到分）；截止后不能取消。</View>
      </View>

      <Text className="cells__title">报名表</Text>
      <View className="cells">
        <View className="form-row">
          <Text className="form-row__label">姓名（必填）</Text>
          <View className="form-row__value">
            <Switch checked={d.askName} color="#07c160" onChange={(e) => set('askName', e.detail.value)} />
          </View>
        </View>
        <View className="form-row">
          <Text className="form-row__label">手机号（必填）</Text>
          <View className="form-row__value">
            <Switch checked={d.askPhone} color="#07c160" onChange={(e) => set('askPhone', e.detail.value)} />
          </View>
        </View>
      </View>
      {d.fields.map((f) => (
        <View className="ev-field" key={f.key}>
          <View className="form-row">
            <Text className="form-row__label">问题</Text>
            <Input
              className="form-row__input"
              value={f.label}
              maxlength={EVENT_LIMITS.fieldLabelChars}
              placeholder="如：T恤尺码"
              onInput={(e) => setField(f.key, { label: e.detail.value })}
            />
          </View>
          <View className="form-row">
            <View className="chips">
              {(['text', 'choice'] as const).map((k) => (
                <Text
                  key={k}
                  className={`chip ${f.kind === k ? 'chip--on' : ''}`}
                  onClick={() => setField(f.key, { kind: k })}
                >
                  {k === 'text' ? '填空' : '单选'}
                </Text>
              ))}
            </View>
          </View>
          {f.kind === 'choice' ? (
            <View className="form-row">
              <Text className="form-row__label">选项</Text>
              <Input
                className="form-row__input"
                value={f.options}
                placeholder="用逗号分隔，如：S，M，L"
                onInput={(e) => setField(f.key, { options: e.detail.value })}
              />
            </View>
          ) : null}
          <View className="ev-field__bar">
            <Text className="muted">必填</Text>
            <Switch
              checked={f.required}
              color="#07c160"
              onChange={(e) => setField(f.key, { required: e.detail.value })}
            />
            <Text
              className="link"
              onClick={() => setD((x) => ({ ...x, fields: x.fields.filter((y) => y.key !== f.key) }))}
            >
              删除
            </Text>
          </View>
        </View>
      ))}
      {d.fields.length < EVENT_LIMITS.formFields ? (
        <View className="ev-toolbar">
          <Text
            className="link"
            onClick={() =>
              setD((x) => ({
                ...x,
                fields: [
                  ...x.fields,
                  { key: nextKey(), id: nextKey(), label: '', kind: 'text', options: '', required: false },
                ],
              }))
            }
          >
            ＋ 添加自定义问题
          </Text>
        </View>
      ) : null}

      {error ? <View className="ev-error">{error}</View> : null}
      <View className="ev-actions">
        <Button
          className="btn btn--primary"
          loading={saving}
          disabled={saving}
          onClick={() => void onSave()}
          data-testid="event-save"
        >
          {eventId ? '保存修改' : '发布活动'}
        </Button>
      </View>
    </View>
  )
}
