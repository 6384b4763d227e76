/**
 * 定时发布: the owner and admins write a post to publish at a minute up to 14 days ahead, keep
 * drafts, and see the content calendar (scheduled and published posts per day, Shanghai time).
 * The publishScheduled timer publishes; content checks run then (docs/search.md).
 */
import { useEffect, useMemo, useState } from 'react'
import { Button, Image, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { ScheduledView } from '@core/contracts/post'
import { LIMITS } from '@core/limits'
import { SCHEDULE_LIMITS } from '@core/schedule'
import { inShanghai } from '@core/time'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { fileUrl, serverNow, toApiError } from '@/services/cloud'
import { selectMe, useAppStore } from '@/store'
import { selectCalendar, selectSaving, selectScheduledList, useScheduleStore, type ScheduledKind } from './store'
import './index.scss'

const STATUS_LABEL: Record<ScheduledView['status'], string> = {
  draft: '草稿',
  scheduled: '待发布',
  published: '已发布',
  held: '审核中',
  refused: '未通过',
  failed: '未发布',
}

type Tab = 'calendar' | ScheduledKind

const TABS: { tab: Tab; label: string }[] = [
  { tab: 'calendar', label: '内容日历' },
  { tab: 'scheduled', label: '待发布' },
  { tab: 'drafts', label: '我的草稿' },
]

function ScheduledCard({
  item,
  onEdit,
  onDelete,
}: {
  item: ScheduledView
  onEdit?: () => void
  onDelete?: () => void
}) {
  return (
    <View className="sched" data-testid="scheduled-item">
      <View className="sched__head">
        <Text className={`sched__status sched__status--${item.status}`}>{STATUS_LABEL[item.status]}</Text>
        <Text className="sched__when">
          {item.publishAt
            ? inShanghai(item.publishAt).format('M月D日 HH:mm')
            : `编辑于 ${inShanghai(item.updatedAt).format('M月D日 HH:mm')}`}
        </Text>
        <Text className="sched__who">{item.author.nickname}</Text>
      </View>
      <Text className="sched__text">{item.text || '[图片]'}</Text>
      {item.failReason ? <Text className="sched__reason">{item.failReason}</Text> : null}
      {onEdit || onDelete ? (
        <View className="sched__actions">
          {onEdit ? (
            <Text className="sched__action" onClick={onEdit}>
              编辑
            </Text>
          ) : null}
          {onDelete ? (
            <Text className="sched__action sched__action--danger" onClick={onDelete}>
              删除
            </Text>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}

function Calendar({ circleId, now }: { circleId: string; now: Date }) {
  const [month, setMonth] = useState(() => inShanghai(now).format('YYYYMM'))
  const [picked, setPicked] = useState<string | null>(null)
  const cal = useScheduleStore(selectCalendar(circleId, month))
  const loadCalendar = useScheduleStore((s) => s.loadCalendar)
  useEffect(() => void loadCalendar(circleId, month), [circleId, month, loadCalendar])

  const shift = (delta: number) => {
    const d = inShanghai(`${month.slice(0, 4)}-${month.slice(4)}-15T12:00:00+08:00`).add(delta, 'month')
    setMonth(d.format('YYYYMM'))
    setPicked(null)
  }
  if (!cal || (!cal.view && cal.status === 'loading')) return <StateView kind="loading" />
  if (!cal.view) return <StateView kind="error" error={cal.error} onRetry={() => void loadCalendar(circleId, month)} />
  const days = cal.view.days
  const lead = (inShanghai(`${days[0].day}T12:00:00+08:00`).day() + 6) % 7 // weeks start on Monday
  const today = inShanghai(now).format('YYYY-MM-DD')
  const chosen = days.find((d) => d.day === picked)
  return (
    <View className="cal" data-testid="calendar">
      <View className="cal__nav">
        <Text className="cal__arrow" onClick={() => shift(-1)}>
          ‹
        </Text>
        <Text className="cal__month">
          {month.slice(0, 4)}年{Number(month.slice(4))}月
        </Text>
        <Text className="cal__arrow" onClick={() => shift(1)}>
          ›
        </Text>
      </View>
      <View className="cal__grid">
        {['一', '二', '三', '四', '五', '六', '日'].map((w) => (
          <Text key={w} className="cal__weekday">
            {w}
          </Text>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <View key={`lead${i}`} className="cal__cell cal__cell--blank" />
        ))}
        {days.map((d) => (
          <View
            key={d.day}
            className={`cal__cell ${d.day === today ? 'cal__cell--today' : ''} ${d.day === picked ? 'cal__cell--on' : ''}`}
            onClick={() => setPicked(d.day)}
            data-testid={`cal-${d.day}`}
          >
            <Text className="cal__date">{Number(d.day.slice(8))}</Text>
            {d.scheduled.some((s) => s.status === 'scheduled') ? (
              <Text className="cal__dot cal__dot--plan">
                定{d.scheduled.filter((s) => s.status === 'scheduled').length}
              </Text>
            ) : null}
            {d.publishedCount > 0 ? <Text className="cal__dot">发{d.publishedCount}</Text> : null}
          </View>
        ))}
      </View>
      {chosen ? (
        <View className="cal__day">
          <Text className="cal__day-title">
            {Number(chosen.day.slice(5, 7))}月{Number(chosen.day.slice(8))}日 · 已发布 {chosen.publishedCount} 条
          </Text>
          {chosen.scheduled.length === 0 ? (
            <Text className="muted cal__none">这天没有定时动态</Text>
          ) : (
            chosen.scheduled.map((s) => <ScheduledCard key={s.id} item={s} />)
          )}
        </View>
      ) : (
        <Text className="muted cal__hint">点日期查看当天的定时动态；「定」待发布，「发」已发布</Text>
      )}
    </View>
  )
}

export default function SchedulePage() {
  const session = useSignedIn()
  const circleId = useRouter().params.circleId ?? ''
  const [now] = useState(() => new Date(serverNow()))
  const me = useAppStore(selectMe)
  const [tab, setTab] = useState<Tab>('calendar')
  const [editing, setEditing] = useState<string | undefined>(undefined)
  const [text, setText] = useState('')
  const [images, setImages] = useState<string[]>([])
  const [uploading, setUploading] = useState(false)
  const defaults = useMemo(() => {
    const next = inShanghai(now).add(1, 'hour').startOf('hour')
    return { date: next.format('YYYY-MM-DD'), time: next.format('HH:mm') }
  }, [now])
  const [date, setDate] = useState(defaults.date)
  const [time, setTime] = useState(defaults.time)
  const saving = useScheduleStore(selectSaving)
  const saveScheduled = useScheduleStore((s) => s.saveScheduled)
  const deleteScheduled = useScheduleStore((s) => s.deleteScheduled)
  const uploadImages = useScheduleStore((s) => s.uploadImages)
  const loadScheduled = useScheduleStore((s) => s.loadScheduled)
  const list = useScheduleStore(selectScheduledList(circleId, tab === 'drafts' ? 'drafts' : 'scheduled'))

  useEffect(() => {
    if (session.ready && tab !== 'calendar') void loadScheduled(circleId, tab)
  }, [session.ready, tab, circleId, loadScheduled])

  const first = inShanghai(now).format('YYYY-MM-DD')
  const last = inShanghai(now).add(SCHEDULE_LIMITS.maxDaysAhead, 'day').format('YYYY-MM-DD')

  const addImages = async () => {
    const room = LIMITS.postImages - images.length
    if (room <= 0 || uploading) return
    let paths: string[]
    try {
      paths = (await Taro.chooseImage({ count: room, sizeType: ['compressed'], sourceType: ['album', 'camera'] }))
        .tempFilePaths
    } catch {
      return
    }
    setUploading(true)
    try {
      const ids = await uploadImages(paths)
      setImages((cur) => [...cur, ...ids].slice(0, LIMITS.postImages))
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setUploading(false)
    }
  }

  const save = async (asDraft: boolean) => {
    if (uploading) return
    if (!text.trim() && images.length === 0) {
      Taro.showToast({ title: '写点什么再保存吧', icon: 'none' })
      return
    }
    try {
      const saved = await saveScheduled({
        circleId,
        scheduledId: editing,
        text: text.trim(),
        images,
        publishAt: asDraft ? null : `${date}T${time}:00+08:00`,
      })
      Taro.showToast({
        title: asDraft ? '已存为草稿' : `将于 ${inShanghai(saved.publishAt!).format('M月D日 HH:mm')} 发布`,
        icon: 'none',
      })
      setText('')
      setImages([])
      setEditing(undefined)
      setTab(asDraft ? 'drafts' : 'scheduled')
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  const edit = (item: ScheduledView) => {
    setEditing(item.id)
    setText(item.text)
    setImages(item.images)
    if (item.publishAt) {
      setDate(inShanghai(item.publishAt).format('YYYY-MM-DD'))
      setTime(inShanghai(item.publishAt).format('HH:mm'))
    }
  }
  const remove = async (item: ScheduledView) => {
    const { confirm } = await Taro.showModal({ title: '删除这条定时动态？', content: '删除后不会发布' })
    if (!confirm) return
    try {
      await deleteScheduled(item)
      if (editing === item.id) setEditing(undefined)
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!session.ready) body = <StateView kind="loading" />
  else if (tab === 'calendar') body = <Calendar circleId={circleId} now={now} />
  else if (list.status === 'idle' || list.status === 'loading') body = <StateView kind="loading" />
  else if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void loadScheduled(circleId, tab)} />
  else if (list.items.length === 0)
    body = <StateView kind="empty" text={tab === 'drafts' ? '还没有草稿' : '还没有待发布的动态'} />
  else
    body = (
      <View>
        {list.items.map((item) => {
          const mine = item.author.openid === me?.openid
          return (
            <ScheduledCard
              key={item.id}
              item={item}
              onEdit={mine ? () => edit(item) : undefined}
              onDelete={mine ? () => void remove(item) : undefined}
            />
          )
        })}
        <ListFooter list={list} onMore={() => void loadScheduled(circleId, tab, 'more')} />
      </View>
    )

  return (
    <View className="page schedule">
      <View className="schedule__form">
        {editing ? (
          <Text className="schedule__editing">正在编辑一条{tab === 'drafts' ? '草稿' : '定时动态'}</Text>
        ) : null}
        <Textarea
          className="schedule__text"
          value={text}
          maxlength={LIMITS.postChars}
          placeholder="写一条定时发布的动态，可以用 #标签"
          onInput={(e) => setText(e.detail.value)}
          data-testid="schedule-text"
        />
        <View className="schedule__images">
          {images.map((id) => (
            <View key={id} className="schedule__img-wrap">
              <Image className="schedule__img" src={fileUrl(id)} mode="aspectFill" />
              <Text className="schedule__img-del" onClick={() => setImages(images.filter((x) => x !== id))}>
                ✕
              </Text>
            </View>
          ))}
          {images.length < LIMITS.postImages ? (
            <View className="schedule__add" onClick={() => void addImages()}>
              {uploading ? '上传中…' : '＋图片'}
            </View>
          ) : null}
        </View>
        <View className="schedule__when">
          <Picker mode="date" value={date} start={first} end={last} onChange={(e) => setDate(String(e.detail.value))}>
            <Text className="schedule__pick" data-testid="schedule-date">
              {date}
            </Text>
          </Picker>
          <Picker mode="time" value={time} onChange={(e) => setTime(String(e.detail.value))}>
            <Text className="schedule__pick" data-testid="schedule-time">
              {time}
            </Text>
          </Picker>
          <Text className="muted schedule__tz">北京时间，最多提前 {SCHEDULE_LIMITS.maxDaysAhead} 天</Text>
        </View>
        <View className="schedule__buttons">
          <Button className="btn btn--default btn--mini" disabled={saving} onClick={() => void save(true)}>
            存草稿
          </Button>
          <Button
            className="btn btn--primary btn--mini"
            disabled={saving}
            loading={saving}
            onClick={() => void save(false)}
            data-testid="schedule-submit"
          >
            定时发布
          </Button>
        </View>
      </View>
      <View className="schedule__tabs">
        {TABS.map((t) => (
          <Text
            key={t.tab}
            className={`schedule__tab ${tab === t.tab ? 'schedule__tab--on' : ''}`}
            onClick={() => setTab(t.tab)}
          >
            {t.label}
          </Text>
        ))}
      </View>
      {body}
    </View>
  )
}
