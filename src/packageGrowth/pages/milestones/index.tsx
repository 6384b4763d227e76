import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import type { MilestonesView } from '@core/contracts/growth'
import { LoadedView } from '@/components/LoadedView'
import { OwnerGate } from '@/components/OwnerGate'
import { StateView } from '@/components/StateView'
import { toApiError } from '@/services/cloud'
import { growthSettingsUrl } from '../../routes'
import { selectMilestones, useGrowthStore } from '../../store'
import '../../growth.scss'

/**
 * 邀请有礼: the paying members the viewer brought in, and each milestone's reward to claim once. No
 * price or pay wording (the page shows on iOS too).
 */
export default function MilestonesPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="growth.join" what="查看邀请奖励" who="圈子成员">
        {() => <Milestones circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}

function Milestones({ circleId }: { circleId: string }) {
  const state = useGrowthStore(selectMilestones(circleId))
  const load = useGrowthStore((s) => s.loadMilestones)
  useEffect(() => void load(circleId), [circleId, load])
  useDidShow(() => {
    if (state.data) void load(circleId)
  })
  return (
    <LoadedView state={state} onRetry={() => void load(circleId)}>
      {(v) => <Progress circleId={circleId} v={v} />}
    </LoadedView>
  )
}

function Progress({ circleId, v }: { circleId: string; v: MilestonesView }) {
  const claim = useGrowthStore((s) => s.claimMilestone)
  const [busy, setBusy] = useState<number | null>(null)
  const onClaim = async (invitees: number) => {
    setBusy(invitees)
    try {
      await claim(circleId, invitees)
      void Taro.showToast({ title: '奖励已发放', icon: 'success' })
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setBusy(null)
    }
  }
  const settings = v.canManage ? (
    <View className="gr-toolbar">
      <Text className="link" onClick={() => void Taro.navigateTo({ url: growthSettingsUrl(circleId) })}>
        设置邀请奖励
      </Text>
    </View>
  ) : null
  if (v.milestones.length === 0)
    return (
      <View>
        {settings}
        <StateView kind="empty" text="圈主还没有设置邀请奖励" />
      </View>
    )
  return (
    <View data-testid="milestones">
      {settings}
      <View className="card">
        <Text className="gr-section" data-testid="milestones-count">
          你已邀请 {v.count} 位好友开通会员
        </Text>
        <Text className="gr-meta">
          好友通过你的邀请链接开通会员后计入，之后退出的好友不再计入。每档奖励只发一次，已发的奖励不会收回。
        </Text>
      </View>
      <View className="card">
        {v.milestones.map((m) => (
          <View key={m.invitees} className="gr-task" data-testid="milestone">
            <View className="gr-task__body">
              <Text>邀请 {m.invitees} 人</Text>
              <Text className="gr-meta">{m.reward.text}</Text>
            </View>
            {m.claimed ? (
              <Text className="gr-meta">已领取</Text>
            ) : m.reached ? (
              <Button
                className="btn btn--primary btn--mini"
                loading={busy === m.invitees}
                disabled={busy !== null}
                onClick={() => void onClaim(m.invitees)}
                data-testid="milestone-claim"
              >
                领取
              </Button>
            ) : (
              <Text className="gr-meta">还差 {m.invitees - v.count} 人</Text>
            )}
          </View>
        ))}
      </View>
      <View className="gr-actions">
        <Button
          className="btn btn--default"
          onClick={() =>
            void Taro.navigateTo({ url: `/packageJoin/pages/invite/index?circleId=${encodeURIComponent(circleId)}` })
          }
        >
          去邀请好友
        </Button>
      </View>
    </View>
  )
}
