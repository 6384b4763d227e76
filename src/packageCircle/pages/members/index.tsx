import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import type { MemberView, Role } from '@core/contract'
import { can } from '@core/permissions'
import { formatDate, inShanghai } from '@core/time'
import { Avatar } from '@/components/Avatar'
import { ListFooter } from '@/components/ListFooter'
import { RoleBadge } from '@/components/RoleBadge'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { toApiError } from '@/services/cloud'
import { selectMe, selectMembers, selectViewerRole, useAppStore } from '@/store'
import { useCircleModerationStore } from '../../moderation'
import { ROLE_LABELS } from '@/utils/labels'
import './index.scss'

/** How a member came in (渠道), as the team reads it. */
const SOURCE_LABELS: Record<string, string> = {
  owner: '创建者',
  free: '直接加入',
  approval: '审核通过',
  paid: '付费加入',
  trial: '免费试用',
  comp: '圈主赠送',
  pass: '年卡',
  gift: '礼品码',
  guest: '受邀嘉宾',
}
const RANK: Record<Role, number> = { owner: 4, partner: 3, admin: 2, guest: 1, member: 1 }
const MUTES = [
  { duration: '1h', label: '禁言 1 小时' },
  { duration: '1d', label: '禁言 1 天' },
  { duration: '7d', label: '禁言 7 天' },
  { duration: 'forever', label: '永久禁言' },
] as const
const ROLE_CHOICES: Exclude<Role, 'owner'>[] = ['partner', 'admin', 'guest', 'member']

type Step = { label: string; run: () => Promise<void> }

function channelText(m: MemberView): string | null {
  const t = m.team
  if (!t) return null
  const parts = [m.role === 'owner' ? SOURCE_LABELS.owner : (SOURCE_LABELS[t.source.kind] ?? t.source.kind)]
  if (t.source.channel) parts.push(`渠道：${t.source.channel}`)
  if (t.source.inviter) parts.push(`邀请人：${t.source.inviter.nickname}`)
  return parts.join(' · ')
}

function muteText(m: MemberView): string | null {
  const mute = m.team?.mute
  if (!mute) return null
  return mute.until ? `禁言至 ${inShanghai(mute.until).format('M月D日 HH:mm')}` : '永久禁言'
}

async function pick(labels: string[]): Promise<number | null> {
  try {
    return (await Taro.showActionSheet({ itemList: labels })).tapIndex
  } catch {
    return null
  }
}

export default function MembersPage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  const list = useAppStore(selectMembers(circleId))
  const role = useAppStore(selectViewerRole(circleId))
  const me = useAppStore(selectMe)
  const roleKnown = useAppStore((s) => !!s.circlePages[circleId]?.page)
  const loadMembers = useAppStore((s) => s.loadMembers)
  const loadCirclePage = useAppStore((s) => s.loadCirclePage)
  const setMemberRole = useAppStore((s) => s.setMemberRole)
  const muteMember = useCircleModerationStore((s) => s.muteMember)
  const unmuteMember = useCircleModerationStore((s) => s.unmuteMember)
  const quoteRemovalRefund = useCircleModerationStore((s) => s.quoteRemovalRefund)
  const removeMember = useCircleModerationStore((s) => s.removeMember)
  const blacklistMember = useCircleModerationStore((s) => s.blacklistMember)
  const canSetRole = can(role, 'circle.setRole')
  const canModerate = can(role, 'member.moderate')

  useEffect(() => {
    if (session.ready && circleId) void loadMembers(circleId)
  }, [session.ready, circleId, loadMembers])
  useEffect(() => {
    if (session.ready && circleId && !roleKnown) void loadCirclePage(circleId)
  }, [session.ready, circleId, roleKnown, loadCirclePage])

  usePullDownRefresh(async () => {
    await loadMembers(circleId)
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void loadMembers(circleId, 'more'))

  /** Runs a step, telling the result in a toast (the store throws errors with table messages). */
  const attempt = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run()
      Taro.showToast({ title: done, icon: 'none' })
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  const confirm = async (title: string, content: string, confirmText: string) =>
    (await Taro.showModal({ title, content, confirmText, confirmColor: '#FA5151' })).confirm

  const stepsFor = (m: MemberView): Step[] => {
    if (!role || m.openid === me?.openid || RANK[role] <= RANK[m.role]) return []
    const steps: Step[] = []
    if (canSetRole) {
      steps.push({
        label: '设置角色',
        run: async () => {
          const choices = ROLE_CHOICES.filter((r) => r !== m.role)
          const i = await pick(choices.map((r) => (r === 'member' ? '设为普通成员' : `设为${ROLE_LABELS[r]}`)))
          if (i === null) return
          await attempt(() => setMemberRole(circleId, m.openid, choices[i]), `已设为${ROLE_LABELS[choices[i]]}`)
        },
      })
    }
    if (canModerate) {
      if (m.team?.mute) {
        steps.push({ label: '解除禁言', run: () => attempt(() => unmuteMember(circleId, m.openid), '已解除禁言') })
      } else {
        steps.push({
          label: '禁言',
          run: async () => {
            const i = await pick(MUTES.map((x) => x.label))
            if (i === null) return
            await attempt(() => muteMember(circleId, m.openid, MUTES[i].duration), `已${MUTES[i].label}`)
          },
        })
      }
      steps.push({
        label: '移出圈子',
        run: async () => {
          let refund = false
          if (can(role, 'circle.refund')) {
            const quote = await quoteRemovalRefund(circleId, m.openid).catch(() => null)
            if (quote && quote.refundFen > 0) {
              const i = await pick([
                `移出并退还 ${(quote.refundFen / 100).toFixed(2)} 元（未使用部分）`,
                '移出，不退款',
              ])
              if (i === null) return
              refund = i === 0
            }
          }
          if (!(await confirm('移出圈子', `确定将「${m.nickname}」移出圈子吗？移出后可以重新加入。`, '移出'))) return
          await attempt(() => removeMember(circleId, m.openid, refund), refund ? '已移出，退款已发起' : '已移出')
        },
      })
      steps.push({
        label: '拉黑',
        run: async () => {
          if (!(await confirm('拉黑', `拉黑后「${m.nickname}」会被移出圈子，且不能再加入。`, '拉黑'))) return
          await attempt(() => blacklistMember(circleId, m.openid, ''), '已拉黑')
        },
      })
    }
    return steps
  }

  const manage = async (m: MemberView) => {
    const steps = stepsFor(m)
    if (steps.length === 0) return
    const i = await pick(steps.map((s) => s.label))
    if (i === null) return
    await steps[i].run()
  }

  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (list.status === 'idle' || list.status === 'loading') body = <StateView kind="loading" />
  else if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={() => void loadMembers(circleId)} />
  else if (list.items.length === 0) body = <StateView kind="empty" text="还没有成员" />
  else
    body = (
      <View className="cells">
        {list.items.map((m) => {
          const manageable = stepsFor(m).length > 0
          const channel = channelText(m)
          const muted = muteText(m)
          return (
            <View key={m.openid} className="cell member" onClick={() => void manage(m)} data-testid="member">
              <Avatar src={m.avatarUrl} name={m.nickname} size={40} square />
              <View className="cell__body member__who">
                <View className="member__name-row">
                  <Text className="member__name">{m.nickname}</Text>
                  <RoleBadge role={m.role} />
                  {muted ? <Text className="badge badge--muted">{muted}</Text> : null}
                </View>
                <Text className="muted">{formatDate(m.joinedAt)} 加入</Text>
                {channel ? <Text className="member__channel">{channel}</Text> : null}
              </View>
              {manageable ? <Text className="cell__arrow">···</Text> : null}
            </View>
          )
        })}
        <ListFooter list={list} onMore={() => void loadMembers(circleId, 'more')} />
      </View>
    )

  return (
    <View className="page">
      {canModerate ? <View className="cells__title">点击成员可设置角色、禁言、移出或拉黑</View> : null}
      {body}
    </View>
  )
}
