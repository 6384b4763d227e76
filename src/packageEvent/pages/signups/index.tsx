import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import type { SignupStatus } from '@core/event'
import { yuanText } from '@core/money/pricing'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { toApiError } from '@/services/cloud'
import { STATUS_TEXT, dateTimeText } from '../../format'
import { selectEvent, selectSignups, useEventStore } from '../../store'
import '../../event.scss'

const IS_H5 = process.env.TARO_ENV === 'h5'
const FILTERS: (SignupStatus | undefined)[] = [undefined, 'confirmed', 'held', 'waitlisted', 'cancelled']

/** H5: a file download; the mini-program: the clipboard (paste into a spreadsheet or a chat). */
function deliverCsv(csv: string, name: string): 'downloaded' | 'copied' {
  if (IS_H5) {
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }))
    const a = document.createElement('a')
    a.href = url
    a.download = name
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    return 'downloaded'
  }
  void Taro.setClipboardData({ data: csv })
  return 'copied'
}

export default function SignupsPage() {
  const eventId = useRouter().params.eventId ?? ''
  const session = useSignedIn()
  const [status, setStatus] = useState<SignupStatus | undefined>(undefined)
  const list = useEventStore(selectSignups(eventId, status))
  const load = useEventStore((s) => s.loadSignups)
  const event = useEventStore(selectEvent(eventId))
  const loadEvent = useEventStore((s) => s.loadEvent)
  const exportCsv = useEventStore((s) => s.exportSignupsCsv)
  const [exporting, setExporting] = useState<number | null>(null)

  useEffect(() => {
    if (session.ready && eventId) void load(eventId, status)
  }, [session.ready, eventId, status, load])
  useEffect(() => {
    // the title for the export; the detail page usually loaded it already
    if (session.ready && eventId && !selectEvent(eventId)(useEventStore.getState()).data) void loadEvent(eventId)
  }, [session.ready, eventId, loadEvent])
  useReachBottom(() => void load(eventId, status, 'more'))

  const onExport = async () => {
    setExporting(0)
    try {
      const { csv, rows } = await exportCsv(eventId, (n) => setExporting(n))
      const how = deliverCsv(csv, `${event.data?.title ?? '活动'}-报名名单.csv`)
      void Taro.showToast({
        title: how === 'downloaded' ? `已导出 ${rows} 条` : `已复制 ${rows} 条，可粘贴到表格`,
        icon: 'none',
      })
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setExporting(null)
    }
  }

  let body
  if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void load(eventId, status)} />
  else if (list.items.length === 0 && list.status !== 'ready') body = <StateView kind="loading" />
  else if (list.items.length === 0)
    body = <StateView kind="empty" text={status ? `没有「${STATUS_TEXT[status]}」的报名` : '还没有人报名'} />
  else
    body = (
      <View className="cells">
        {list.items.map((s) => (
          <View className="signup-row" key={s.id} data-testid="signup-row">
            <Avatar src={s.avatarUrl} name={s.nickname} size={36} />
            <View className="signup-row__body">
              <View>
                <Text className="signup-row__name">{s.name || s.nickname}</Text>
                <Text className="muted"> · {STATUS_TEXT[s.status]}</Text>
                {s.checkedInAt ? <Text className="muted"> · 已核销</Text> : null}
              </View>
              <Text className="signup-row__meta">
                {s.phone ? `${s.phone} · ` : ''}
                {dateTimeText(s.createdAt)} 报名{s.paidFen ? ` · 已付 ¥${yuanText(s.paidFen)}` : ''}
                {s.refundFen ? ` · 退 ¥${yuanText(s.refundFen)}` : ''}
              </Text>
              {s.answers.map((a) => (
                <Text key={a.label} className="signup-row__meta">
                  {a.label}：{a.value}
                </Text>
              ))}
            </View>
          </View>
        ))}
        <ListFooter list={list} onMore={() => void load(eventId, status, 'more')} />
      </View>
    )

  return (
    <View className="page">
      <View className="ev-toolbar" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <View className="chips">
          {FILTERS.map((f) => (
            <Text key={f ?? 'all'} className={`chip ${status === f ? 'chip--on' : ''}`} onClick={() => setStatus(f)}>
              {f ? STATUS_TEXT[f] : '全部'}
            </Text>
          ))}
        </View>
      </View>
      <View className="ev-toolbar">
        <Button
          className="btn btn--default btn--mini"
          loading={exporting !== null}
          disabled={exporting !== null}
          onClick={() => void onExport()}
          data-testid="export-csv"
        >
          {exporting !== null ? `导出中（${exporting} 条）` : IS_H5 ? '导出 CSV' : '复制 CSV'}
        </Button>
      </View>
      {event.data ? (
        <View className="ev-summary">
          已占名额 {event.data.seatsTaken}/{event.data.capacity} · 候补 {event.data.waitlistCount} · 已核销{' '}
          {event.data.checkedInCount}
        </View>
      ) : null}
      {body}
    </View>
  )
}
