import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import type { NewcomerView } from '@core/contracts/growth'
import type { NewcomerTaskKey } from '@core/growth'
import { LoadedView } from '@/components/LoadedView'
import { OwnerGate } from '@/components/OwnerGate'
import { StateView } from '@/components/StateView'
import { toApiError } from '@/services/cloud'
import { composeUrl } from '@/utils/routes'
import { growthSettingsUrl } from '../../routes'
import { selectNewcomer, useGrowthStore } from '../../store'
import '../../growth.scss'

/** A member's 新人任务: each task's state read from their records, the 新人指南, and the reward once all are done. */
export default function NewcomerPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="circle.read" what="查看新人任务" who="圈子成员">
        {() => <Newcomer circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}

function Newcomer({ circleId }: { circleId: string }) {
  const state = useGrowthStore(selectNewcomer(circleId))
  const load = useGrowthStore((s) => s.loadNewcomer)
  useEffect(() => void load(circleId), [circleId, load])
  // back from posting, checking in or claiming the perk: read the progress again
  useDidShow(() => {
    if (state.data) void load(circleId)
  })
  return (
    <LoadedView state={state} onRetry={() => void load(circleId)}>
      {(v) => <Checklist circleId={circleId} v={v} />}
    </LoadedView>
  )
}

/** Where each task is done. */
const TASK_URL: Record<NewcomerTaskKey, (circleId: string) => string> = {
  intro: composeUrl,
  checkin: (c) => `/packageCheckin/pages/list/index?circleId=${encodeURIComponent(c)}`,
  guide: () => '',
  perk: (c) => `/packagePerk/pages/perks/index?circleId=${encodeURIComponent(c)}`,
}

function Checklist({ circleId, v }: { circleId: string; v: NewcomerView }) {
  const readGuide = useGrowthStore((s) => s.readGuide)
  const claim = useGrowthStore((s) => s.claimNewcomer)
  const [busy, setBusy] = useState(false)
  const settings = v.canManage ? (
    <View className="gr-toolbar">
      <Text className="link" onClick={() => void Taro.navigateTo({ url: growthSettingsUrl(circleId) })}>
        设置新人任务
      </Text>
    </View>
  ) : null
  if (!v.enabled)
    return (
      <View>
        {settings}
        <StateView kind="empty" text="圈主还没有设置新人任务" />
      </View>
    )
  const doneCount = v.tasks.filter((t) => t.done).length
  const allDone = doneCount === v.tasks.length
  const act = async (what: () => Promise<unknown>, ok: string) => {
    setBusy(true)
    try {
      await what()
      void Taro.showToast({ title: ok, icon: 'success' })
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setBusy(false)
    }
  }
  const guideTask = v.tasks.find((t) => t.key === 'guide')
  return (
    <View data-testid="newcomer">
      {settings}
      <View className="card">
        <Text className="gr-section">
          新人任务 {doneCount}/{v.tasks.length}
        </Text>
        <Text className="gr-meta">
          {v.reward ? `全部完成可领取：${v.reward.text}` : '完成下面的任务，尽快融入圈子'}
        </Text>
        {v.tasks.map((t) => (
          <View
            key={t.key}
            className="gr-task"
            data-testid={`newcomer-task-${t.key}`}
            onClick={() => {
              const url = TASK_URL[t.key](circleId)
              if (!t.done && url) void Taro.navigateTo({ url })
            }}
          >
            <Text className={`gr-task__tick ${t.done ? 'gr-task__tick--done' : ''}`}>{t.done ? '✓' : ''}</Text>
            <View className="gr-task__body">
              <Text>{t.title}</Text>
              {t.key === 'intro' && v.introTag ? <Text className="gr-meta">发动态时带上 #{v.introTag}</Text> : null}
            </View>
            <Text className="gr-meta">{t.done ? '已完成' : t.key === 'guide' ? '见下方' : '去完成 ›'}</Text>
          </View>
        ))}
      </View>

      {v.guide ? (
        <View className="card" data-testid="newcomer-guide">
          <Text className="gr-section">{v.guide.title}</Text>
          <Text className="gr-guide">{v.guide.body}</Text>
          {guideTask && !guideTask.done ? (
            <Button
              className="btn btn--default"
              disabled={busy}
              onClick={() => void act(() => readGuide(circleId), '已读')}
              data-testid="newcomer-read"
            >
              我已读完
            </Button>
          ) : null}
        </View>
      ) : null}

      <View className="gr-actions">
        {v.rewarded ? (
          <Text className="gr-meta" data-testid="newcomer-rewarded">
            新人任务已完成{v.reward ? '，奖励已发放' : ''}
          </Text>
        ) : (
          <Button
            className="btn btn--primary"
            loading={busy}
            disabled={busy || !allDone}
            onClick={() => void act(() => claim(circleId), v.reward ? '奖励已发放' : '已完成')}
            data-testid="newcomer-claim"
          >
            {allDone ? (v.reward ? '领取奖励' : '完成新人任务') : '完成全部任务后领取'}
          </Button>
        )}
      </View>
    </View>
  )
}
