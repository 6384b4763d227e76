import { useEffect, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import type { Role } from '@core/contract'
import type { MemberRow } from '@core/contracts/stats'
import { can } from '@core/permissions'
import { dayLabel, SEGMENT_LABELS, SEGMENT_RULE_LIMITS, type SegmentFilter, type SegmentRules } from '@core/stats'
import { formatDate } from '@core/time'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { LoadedView } from '@/components/LoadedView'
import { OwnerGate } from '@/components/OwnerGate'
import { StateView } from '@/components/StateView'
import { toApiError } from '@/services/cloud'
import { ROLE_LABELS } from '@/utils/labels'
import { type MemberFilter, selectMembers, selectSegments, useStatsStore } from '../../store'
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

async function prompt(title: string, placeholder: string, content = ''): Promise<string | null> {
  const res = await Taro.showModal({ title, editable: true, placeholderText: placeholder, content } as Taro.showModal.Option)
  return res.confirm ? ((res as { content?: string }).content ?? '').trim() : null
}

export default function MembersPage() {
  const params = useRouter().params
  const circleId = params.circleId ?? ''
  return (
    <View className='page'>
      <OwnerGate circleId={circleId} permission='stats.view' what='查看成员分群' who='圈主和合伙人'>
        {(page) => <Members circleId={circleId} isOwner={can(page.me?.role ?? null, 'stats.notes')} initial={(params.segment as SegmentFilter) || undefined} />}
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
  }, [circleId])
  useEffect(() => {
    void loadMembers(circleId, filter)
  }, [circleId, JSON.stringify(filter)])
  usePullDownRefresh(() => {
    void Promise.all([loadSegments(circleId), loadMembers(circleId, filter)]).finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => void loadMembers(circleId, filter, 'more'))

  const patch = (p: Partial<MemberFilter>) => setFilter((f) => Object.fromEntries(Object.entries({ ...f, ...p }).filter(([, v]) => v !== undefined)) as MemberFilter)

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

  const onWinBack = (segment: SegmentFilter) =>
    void act(async () => {
      const yuan = await prompt(`给「${SEGMENT_LABELS[segment]}」发回归券`, '每人券面金额（元），如 10', '10')
      if (yuan === null) return '已取消'
      const amountFen = Math.round(Number(yuan) * 100)
      if (!Number.isFinite(amountFen) || amountFen < 100) return '请输入不少于 1 元的金额'
      const res = await winBack(circleId, segment, amountFen, 30)
      return res.issued ? `已发放 ${res.issued} 张，30 天内有效${res.already ? `（${res.already} 人本月已领过）` : ''}` : `本月都已发过（${res.already} 人）`
    })

  const onRemind = (segment: SegmentFilter) =>
    void act(async () => {
      const text = await prompt(`提醒「${SEGMENT_LABELS[segment]}」`, '想说的话（2–60 字）', segment === 'expiring' ? '会员即将到期，续费不损失天数' : '好久不见，圈子里有新内容等你')
      if (!text) return '已取消'
      const res = await remindSegment(circleId, segment, text)
      return `已提醒 ${res.notified} 人，其中 ${res.messages} 人收到微信通知`
    })

  const onEdit = async (m: MemberRow) => {
    const tags = await prompt(`${m.nickname} 的标签`, '用空格分隔，最多 10 个', m.tags.join(' '))
    if (tags === null) return
    const note = await prompt(`${m.nickname} 的备注`, '只有你能看到（选填）', m.note)
    if (note === null) return
    void act(async () => {
      await tagMember(circleId, m.openid, tags.split(/\s+/).filter(Boolean), note)
      return '已保存'
    })
  }

  let body
  if (list.items.length === 0 && list.status === 'error') body = <StateView kind='error' error={list.error} onRetry={() => void loadMembers(circleId, filter)} />
  else if (list.items.length === 0 && list.status !== 'ready') body = <StateView kind='loading' />
  else if (list.items.length === 0) body = <StateView kind='empty' text='没有符合条件的成员' />
  else
    body = (
      <View>
        {list.items.map((m) => (
          <View key={m.openid} className='stats-member' data-testid='member-row' onClick={isOwner ? () => void onEdit(m) : undefined}>
            <Avatar src={m.avatarUrl} name={m.nickname} size={40} />
            <View className='stats-member__body'>
              <Text className='stats-member__name'>
                {m.nickname} <Text className='badge badge--member'>{ROLE_LABELS[m.role]}</Text> <Text className='badge badge--title'>{SEGMENT_LABELS[m.segment]}</Text>
              </Text>
              <Text className='stats-member__meta'>
                {m.channel ? `渠道 ${m.channel} · ` : ''}
                {m.lastActiveDay ? `最近活跃 ${dayLabel(m.lastActiveDay)}` : '暂无活跃'} · {m.expiresAt ? `${formatDate(m.expiresAt)}到期` : '长期'}
              </Text>
              {m.tags.length || m.note ? (
                <Text className='stats-member__meta'>
                  {m.tags.map((t) => (
                    <Text
                      key={t}
                      className='link'
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
            <View className='stats-filters' data-testid='segment-tabs'>
              {SEGMENT_TABS.map((seg) => (
                <Text key={seg ?? 'all'} className={`stats-chip ${filter.segment === seg ? 'stats-chip--on' : ''}`} onClick={() => patch({ segment: seg })} data-testid={`segment-${seg ?? 'all'}`}>
                  {seg ? `${SEGMENT_LABELS[seg]} ${s.counts[seg]}` : '全部'}
                </Text>
              ))}
            </View>
            <Text className='stats-note'>{s.computedFor ? `分群按 ${dayLabel(s.computedFor)} 的数据计算，每日更新` : '分群将在今晚首次计算，在此之前所有成员都算潜力成员'}</Text>
            {filter.segment ? (
              <View className='stats-actions'>
                <Text className={`btn btn--primary btn--mini ${busy ? 'btn--disabled' : ''}`} onClick={() => (busy ? undefined : onWinBack(filter.segment!))} data-testid='win-back'>
                  发回归券
                </Text>
                <Text className={`btn btn--default btn--mini ${busy ? 'btn--disabled' : ''}`} onClick={() => (busy ? undefined : onRemind(filter.segment!))} data-testid='remind'>
                  发送提醒
                </Text>
              </View>
            ) : null}
            <RulesEditor circleId={circleId} rules={s.rules} />
          </View>
        )}
      </LoadedView>
      <View className='stats-filters'>
        {ROLE_TABS.map((r) => (
          <Text key={r ?? 'all'} className={`stats-chip ${filter.role === r ? 'stats-chip--on' : ''}`} onClick={() => patch({ role: r })}>
            {r ? ROLE_LABELS[r] : '全部角色'}
          </Text>
        ))}
        <Text className={`stats-chip ${filter.expiry === 'none' ? 'stats-chip--on' : ''}`} onClick={() => patch({ expiry: filter.expiry === 'none' ? undefined : 'none' })}>
          长期成员
        </Text>
        {filter.tag ? (
          <Text className='stats-chip stats-chip--on' onClick={() => patch({ tag: undefined })}>
            #{filter.tag} ✕
          </Text>
        ) : null}
      </View>
      <View className='stats-search'>
        <Input
          className='input'
          value={query}
          placeholder='按昵称开头搜索'
          confirmType='search'
          onInput={(e) => setQuery(e.detail.value)}
          onConfirm={() => patch({ q: query.trim() || undefined })}
          data-testid='member-search'
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
  useEffect(() => setDraft(rules), [JSON.stringify(rules)])
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
    <View className='cells'>
      <View className='cell' onClick={() => setOpen(!open)}>
        <Text className='cell__body'>分群规则</Text>
        <Text className='cell__value'>{open ? '收起' : `活跃 ≥ ${rules.coreMinDays} 天为核心 · ${rules.silentDays} 天不活跃为沉默`}</Text>
      </View>
      {open ? (
        <View>
          {(Object.keys(RULE_LABELS) as (keyof SegmentRules)[]).map((k) => (
            <View key={k} className='cell'>
              <Text className='cell__body'>{RULE_LABELS[k]}</Text>
              <Input
                className='input'
                style={{ width: '64px', textAlign: 'right' }}
                type='number'
                value={String(draft[k])}
                onInput={(e) => setDraft({ ...draft, [k]: Number(e.detail.value) || 0 })}
              />
              <Text className='cell__value'>
                天（{SEGMENT_RULE_LIMITS[k][0]}–{SEGMENT_RULE_LIMITS[k][1]}）
              </Text>
            </View>
          ))}
          <View className='stats-actions'>
            <Text className='btn btn--primary btn--mini' onClick={() => void onSave()}>
              保存规则
            </Text>
          </View>
        </View>
      ) : null}
    </View>
  )
}
