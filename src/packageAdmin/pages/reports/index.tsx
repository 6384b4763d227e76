import { useEffect, useState } from 'react'
import { relativeTime } from '@/utils/time'
import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import type { ReportView } from '@core/contracts/moderate'
import { ListFooter } from '@/components/ListFooter'
import { OwnerGate } from '@/components/OwnerGate'
import { StateView } from '@/components/StateView'
import { toApiError } from '@/services/cloud'
import { selectReports, useModerationStore, type ReportTab } from '../../store'
import '../../admin.scss'

const STATUS_TEXT = { open: '待处理', removed: '已删除内容', dismissed: '已忽略' } as const
/** Reasons the team picks from when deleting (the author is shown it). */
const REMOVE_REASONS = ['发布广告或引流', '人身攻击或辱骂', '色情低俗内容', '违法违规内容', '与圈子主题无关']

/** The team's queue of members' reports: delete the content with a reason, or dismiss. */
export default function ReportsPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="report.review" who="圈子管理团队" what="处理举报">
        {() => <Queue circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}

function Queue({ circleId }: { circleId: string }) {
  const [tab, setTab] = useState<ReportTab>('open')
  const list = useModerationStore(selectReports(circleId, tab))
  const load = useModerationStore((s) => s.loadReports)
  const resolve = useModerationStore((s) => s.resolveReport)

  useEffect(() => void load(circleId, tab), [circleId, load, tab])
  usePullDownRefresh(async () => {
    await load(circleId, tab)
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void load(circleId, tab, 'more'))

  const act = async (r: ReportView, decision: 'remove' | 'dismiss') => {
    let reason = ''
    if (decision === 'remove') {
      try {
        const picked = await Taro.showActionSheet({ itemList: REMOVE_REASONS })
        reason = REMOVE_REASONS[picked.tapIndex]
      } catch {
        return
      }
    }
    try {
      await resolve(circleId, r.id, decision, reason)
      void Taro.showToast({ title: decision === 'remove' ? '已删除，并告知作者原因' : '已忽略', icon: 'none' })
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  let body
  if (list.status === 'idle' || list.status === 'loading') body = <StateView kind="loading" />
  else if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void load(circleId, tab)} />
  else if (list.items.length === 0)
    body = <StateView kind="empty" text={tab === 'open' ? '没有待处理的举报' : '还没有处理过的举报'} />
  else
    body = (
      <View>
        {list.items.map((r) => (
          <View key={r.id} className="card" data-testid="report">
            <View className="card__head report-card__head">
              <Text>
                {r.reporter.nickname} 举报了 {r.author.nickname} 的{r.kind === 'post' ? '动态' : '评论'}
              </Text>
              <Text className="report-card__reason">{r.reasonLabel}</Text>
            </View>
            <Text
              className="report-card__quote"
              onClick={() =>
                void Taro.navigateTo({ url: `/packageCircle/pages/post/index?id=${encodeURIComponent(r.postId)}` })
              }
            >
              {r.excerpt}
            </Text>
            {r.note ? <Text className="report-card__note">补充说明：{r.note}</Text> : null}
            {r.status === 'open' ? (
              <View className="report-card__actions">
                <Button className="btn btn--default btn--mini" onClick={() => void act(r, 'dismiss')}>
                  忽略
                </Button>
                <Button className="btn btn--warn btn--mini" onClick={() => void act(r, 'remove')}>
                  删除内容
                </Button>
              </View>
            ) : (
              <Text className="report-card__status">
                {STATUS_TEXT[r.status]}
                {r.resolution ? `（原因：${r.resolution}）` : ''} · {relativeTime(r.createdAt)}
              </Text>
            )}
          </View>
        ))}
        <ListFooter list={list} onMore={() => void load(circleId, tab, 'more')} />
      </View>
    )

  return (
    <View>
      <View className="admin-tabs">
        {(['open', 'closed'] as const).map((t) => (
          <View key={t} className={`admin-tab ${tab === t ? 'admin-tab--on' : ''}`} onClick={() => setTab(t)}>
            {t === 'open' ? '待处理' : '已处理'}
          </View>
        ))}
      </View>
      {body}
    </View>
  )
}
