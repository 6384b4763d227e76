import { useEffect, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import type { Role } from '@core/contract'
import { can } from '@core/permissions'
import { dayLabel, SEGMENT_LABELS, type SegmentFilter, type SegmentRules } from '@core/stats'
import { formatDate } from '@core/time'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { LoadedView } from '@/components/LoadedView'
import { OwnerGate } from '@/components/OwnerGate'
import { StateView } from '@/components/StateView'
import { toApiError } from '@/services/cloud'
import { ROLE_LABELS } from '@/utils/labels'
import { type MemberFilter, selectMembers, selectSegments, useStatsStore } from '../../store'
import { SEGMENT_RULE_LIMITS } from '@core/limits'
import '../../stats.scss'

const SEGMENT_TABS: (SegmentFilter | undefined)[] = [undefined, 'core', 'potential', 'silent', 'expiring']
const ROLE_TABS: (Role | undefined)[] = [undefined, 'member', 'guest', 'admin', 'partner']
const RULE_LABELS: Record<keyof SegmentRules, string> = {
  windowDays: '统计最近多少天',
  coreMinDays: '核心：活跃天数至少',
  coreStreakDays: '核心：或连续打卡天数至少',
  coreMinTenureDays: '核心：入圈天数至少',
  silentDays: '沉默：连续不活跃天数',
  expiringDays: '即将到期：剩余天数以内',
}

export default function MembersPage() {
  const params = useRouter().params
  const circleId = params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="stats.view" what="查看成员分群" who="圈主和合伙人">
        {(page) => (
          <Members
            circleId={circleId}
            isOwner={can(page.me?.role ?? null, 'stats.notes')}
            initial={(params.segment as SegmentFilter) || undefined}
          />
        )}
      </OwnerGate>
    </View>
  )
}

function Members({ circleId, isOwner, initial }: { circleId: string; isOwner: boolean; initial?: SegmentFilter }) {
  const [filter, setFilter] = useState<MemberFilter>(initial ? { segment: initial } : {})
  const [query, setQuery] = useState('')
  const segments = useStatsStore(selectSegments(circleId))
  const list = useStatsStore(selectMembers(circleId, filter))
  const loadSegments = useStatsStore((s) => s.loadSegments)
  const loadMembers = useStatsStore((s) => s.loadMembers)
  const tagMember = useStatsStore((s) => s.tagMember)
  const winBack = useStatsStore((s) => s.winBack)
  const remindSegment = useStatsStore((s) => s.remindSegment)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void loadSegments(circleId)
  }, [circleId, loadSegments])
  useEffect(() => {
    void loadMembers(circleId, filter)
  }, [circleId, filter, loadMembers])
  usePullDownRefresh(() => {
    void Promise.all([loadSegments(circleId), loadMembers(circleId, filter)]).finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => void loadMembers(circleId, filter, 'more'))

  const patch = (p: Partial<MemberFilter>) =>
    setFilter(
      (f) => Object.fromEntries(Object.entries({ ...f, ...p }).filter(([, v]) => v !== undefined)) as MemberFilter,
    )

  const act = async (run: () => Promise<string>) => {
    setBusy(true)
    try {
      void Taro.showToast({ title: await run(), icon: 'none', duration: 2500 })
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setBusy(false)
    }
  }

  const [offer, setOffer] = useState({ yuan: '10', days: '30', text: '好久不见，圈子里有新内容等你' })
  const [editing, setEditing] = useState<{ openid: string; tags: string; note: string } | null>(null)

  const onWinBack = (segment: SegmentFilter) =>
    void act(async () => {
      const amountFen = Math.round(Number(offer.yuan) * 100)
      const days = Math.round(Number(offer.days))
      if (!Number.isFinite(amountFen) || amountFen < 100) return '券面金额至少 1 元'
      if (!Number.isFinite(days) || days < 3 || days > 90) return '有效期 3–90 天'
      const res = await winBack(circleId, segment, amountFen, days)
      return res.issued
        ? `已发放 ${res.issued} 张，${days} 天内有效${res.already ? `（${res.already} 人本月已领过）` : ''}`
        : `本月都已发过（${res.already} 人）`
    })

  const onRemind = (segment: SegmentFilter) =>
    void act(async () => {
      const text = offer.text.trim()
      if ([...text].length < 2) return '提醒内容至少 2 个字'
      const res = await remindSegment(circleId, segment, text)
      return `已提醒 ${res.notified} 人，其中 ${res.messages} 人收到微信通知`
    })

  const onSaveCrm = () =>
    void act(async () => {
      if (!editing) return '已取消'
      await tagMember(circleId, editing.openid, editing.tags.split(/\s+/).filter(Boolean), editing.note.trim())
      setEditing(null)
      return '已保存'
    })

  let body
  if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void loadMembers(circleId, filter)} />
  else if (list.items.length === 0 && list.status !== 'ready') body = <StateView kind="loading" />
  else if (list.items.length === 0) body = <StateView kind="empty" text="没有符合条件的成员" />
  else
    body = (
      <View>
        {list.items.map((m) => (
          <View
            key={m.openid}
            className="stats-member"
            data-testid="member-row"
            onClick={
              isOwner && editing?.openid !== m.openid
                ? () => setEditing({ openid: m.openid, tags: m.tags.join(' '), note: m.note })
                : undefined
            }
          >
            <Avatar src={m.avatarUrl} name={m.nickname} size={40} />
            <View className="stats-member__body">
              <Text className="stats-member__name">
                {m.nickname} <Text className="badge badge--member">{ROLE_LABELS[m.role]}</Text>{' '}
                <Text className="badge badge--title">{SEGMENT_LABELS[m.segment]}</Text>
              </Text>
              <Text className="stats-member__meta">
                {m.channel ? `渠道 ${m.channel} · ` : ''}
                {m.lastActiveDay ? `最近活跃 ${dayLabel(m.lastActiveDay)}` : '暂无活跃'} ·{' '}
                {m.expiresAt ? `${formatDate(m.expiresAt)}到期` : '长期'}
              </Text>
              {m.tags.length || m.note ? (
                <Text className="stats-member__meta">
                  {m.tags.map((t) => (
                    <Text
                      key={t}
                      className="link"
                      onClick={(e) => {
                        e.stopPropagation()
                        patch({ tag: t })
                      }}
                    >
                      #{t}{' '}
                    </Text>
                  ))}
                  {m.note ? `备注：${m.note}` : ''}
                </Text>
              ) : null}
              {editing?.openid === m.openid ? (
                <View className="stats-editor" data-testid="crm-editor">
                  <Input
                    className="input"
                    value={editing.tags}
                    placeholder="标签，用空格分隔（只有你能看到）"
                    onInput={(e) => setEditing({ ...editing, tags: e.detail.value })}
                  />
                  <Input
                    className="input"
                    value={editing.note}
                    placeholder="备注（只有你能看到）"
                    maxlength={500}
                    onInput={(e) => setEditing({ ...editing, note: e.detail.value })}
                  />
                  <View className="stats-actions">
                    <Text
                      className="btn btn--primary btn--mini"
                      onClick={(e) => {
                        e.stopPropagation()
                        onSaveCrm()
                      }}
                    >
                      保存
                    </Text>
                    <Text
                      className="btn btn--default btn--mini"
                      onClick={(e) => {
                        e.stopPropagation()
                        setEditing(null)
                      }}
                    >
                      取消
                    </Text>
                  </View>
                </View>
              ) : null}
            </View>
          </View>
        ))}
        <ListFooter list={list} onMore={() => void loadMembers(circleId, filter, 'more')} />
      </View>
    )

  return (
    <View>
      <LoadedView state={segments} onRetry={() => void loadSegments(circleId)}>
        {(s) => (
          <View>
            <View className="stats-filters" data-testid="segment-tabs">
              {SEGMENT_TABS.map((seg) => (
                <Text
                  key={seg ?? 'all'}
                  className={`stats-chip ${filter.segment === seg ? 'stats-chip--on' : ''}`}
                  onClick={() => patch({ segment: seg })}
                  data-testid={`segment-${seg ?? 'all'}`}
                >
                  {seg ? `${SEGMENT_LABELS[seg]} ${s.counts[seg]}` : '全部'}
                </Text>
              ))}
            </View>
            <Text className="stats-note">
              {s.computedFor
                ? `分群按 ${dayLabel(s.computedFor)} 的数据计算，每日更新`
                : '分群将在今晚首次计算，在此之前所有成员都算潜力成员'}
            </Text>
            {filter.segment ? (
              <View className="cells" data-testid="segment-actions">
                <View className="cell">
                  <Text className="stats-offer">每人一张</Text>
                  <Input
                    className="input stats-num"
                    type="digit"
                    value={offer.yuan}
                    onInput={(e) => setOffer({ ...offer, yuan: e.detail.value })}
                    data-testid="win-back-yuan"
                  />
                  <Text className="stats-offer">元券，</Text>
                  <Input
                    className="input stats-num"
                    type="number"
                    value={offer.days}
                    onInput={(e) => setOffer({ ...offer, days: e.detail.value })}
                  />
                  <Text className="stats-offer stats-offer--grow">天有效</Text>
                  <Text
                    className={`btn btn--primary btn--mini ${busy ? 'btn--disabled' : ''}`}
                    onClick={() => (busy ? undefined : onWinBack(filter.segment!))}
                    data-testid="win-back"
                  >
                    发回归券
                  </Text>
                </View>
                <View className="cell">
                  <Input
                    className="input stats-grow"
                    value={offer.text}
                    maxlength={60}
                    onInput={(e) => setOffer({ ...offer, text: e.detail.value })}
                  />
                  <Text
                    className={`btn btn--default btn--mini ${busy ? 'btn--disabled' : ''}`}
                    onClick={() => (busy ? undefined : onRemind(filter.segment!))}
                    data-testid="remind"
                  >
                    提醒
                  </Text>
                </View>
                <Text className="stats-note">
                  每人每月最多一张回归券；提醒在消息通知里，已订阅的成员同时收到微信通知。
                </Text>
              </View>
            ) : null}
            {/* new rules from the server start a fresh draft */}
            <RulesEditor key={JSON.stringify(s.rules)} circleId={circleId} rules={s.rules} />
          </View>
        )}
      </LoadedView>
      <View className="stats-filters">
        {ROLE_TABS.map((r) => (
          <Text
            key={r ?? 'all'}
            className={`stats-chip ${filter.role === r ? 'stats-chip--on' : ''}`}
            onClick={() => patch({ role: r })}
          >
            {r ? ROLE_LABELS[r] : '全部角色'}
          </Text>
        ))}
        <Text
          className={`stats-chip ${filter.expiry === 'none' ? 'stats-chip--on' : ''}`}
          onClick={() => patch({ expiry: filter.expiry === 'none' ? undefined : 'none' })}
        >
          长期成员
        </Text>
        {filter.tag ? (
          <Text className="stats-chip stats-chip--on" onClick={() => patch({ tag: undefined })}>
            #{filter.tag} ✕
          </Text>
        ) : null}
      </View>
      <View className="stats-search">
        <Input
          className="input"
          value={query}
          placeholder="按昵称开头搜索"
          confirmType="search"
          onInput={(e) => setQuery(e.detail.value)}
          onConfirm={() => patch({ q: query.trim() || undefined })}
          data-testid="member-search"
        />
      </View>
      {body}
    </View>
  )
}

function RulesEditor({ circleId, rules }: { circleId: string; rules: SegmentRules }) {
  const saveRules = useStatsStore((s) => s.saveRules)
  const [open, setOpen] = useState(false)
  const [draft, setDraft] = useState<SegmentRules>(rules)
  const onSave = async () => {
    try {
      await saveRules(circleId, draft)
      setOpen(false)
      void Taro.showToast({ title: '已保存，今晚起按新规则分群', icon: 'none' })
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }
  return (
    <View className="cells">
      <View className="cell" onClick={() => setOpen(!open)}>
        <Text className="cell__body">分群规则</Text>
        <Text className="cell__value">
          {open ? '收起' : `活跃 ≥ ${rules.coreMinDays} 天为核心 · ${rules.silentDays} 天不活跃为沉默`}
        </Text>
      </View>
      {open ? (
        <View>
          {(Object.keys(RULE_LABELS) as (keyof SegmentRules)[]).map((k) => (
            <View key={k} className="cell">
              <Text className="cell__body">{RULE_LABELS[k]}</Text>
              <Input
                className="input"
                style={{ width: '64px', textAlign: 'right' }}
                type="number"
                value={String(draft[k])}
                onInput={(e) => setDraft({ ...draft, [k]: Number(e.detail.value) || 0 })}
              />
              <Text className="cell__value">
                天（{SEGMENT_RULE_LIMITS[k][0]}–{SEGMENT_RULE_LIMITS[k][1]}）
              </Text>
            </View>
          ))}
          <View className="stats-actions">
            <Text className="btn btn--primary btn--mini" onClick={() => void onSave()}>
              保存规则
            </Text>
          </View>
        </View>
      ) : null}
    </View>
  )
}
