import { View } from '@tarojs/components'
import { useRouter, useShareAppMessage } from '@tarojs/taro'
import { OwnerGate } from '@/components/OwnerGate'
import { selectInvite, useJoinStore } from '../../store'
import { InvitePoster } from './InvitePoster'
import '../../join.scss'

/**
 * The member's invite: a poster (circle, inviter, QR code) to long-press or screenshot, a link to
 * forward, and a channel tag (渠道) so the owner sees where members come from.
 */
export default function InvitePage() {
  const circleId = useRouter().params.circleId ?? ''
  const invite = useJoinStore(selectInvite(circleId))

  // Forwarding in WeChat carries the same invite (the landing page reads `invite`).
  useShareAppMessage(() => ({
    title: invite.data ? `${invite.data.inviter.nickname} 邀请你加入「${invite.data.circleName}」` : '邀请你加入圈子',
    path: invite.data?.path ?? `/packageCircle/pages/circle/index?id=${circleId}`,
  }))

  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="member.invite" what="邀请好友" who="圈子成员">
        {() => <InvitePoster circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}
