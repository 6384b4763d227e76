import { NOT_ON_THIS_DEVICE, showsPrice } from '@/services/sale'
import { useEffect, useState } from 'react'
import { Button, Image, Text, View } from '@tarojs/components'
import { entryPriceText } from '@/components/Price'
import Taro from '@tarojs/taro'
import type { CirclePage, UserView } from '@core/contract'
import { Avatar } from '@/components/Avatar'
import { call, fileUrl, toApiError } from '@/services/cloud'
import { useAppStore } from '@/store'
import { CIRCLE_TYPE_LABELS, ENTRY_MODE_LABELS } from '@/utils/labels'
import { formatDate, inShanghai } from '@core/time'
import { buyUrl } from '@/packagePay/routes'
import { applyUrl } from '@/packageJoin/routes'
import { rememberInvite, rememberedInvite } from '@/utils/invite'
import { PostCard } from '../../components/PostCard'
import { RenewalPanel } from '../../components/Renewal'
import './Landing.scss'

/** What a visitor sees before joining (docs/features.md §1): who runs it, how lively it is, a preview. */
export function Landing({
  page,
  onJoined,
  invitedWith = '',
  onSeen,
  onJoinTap,
}: {
  page: CirclePage
  onJoined: (welcome: string) => void
  invitedWith?: string
  /** The owner's funnel (docs/stats.md): the page was seen, through an invite's 渠道 or none. */
  onSeen?: (channel: string | null) => void
  /** The owner's funnel: the join button was tapped. */
  onJoinTap?: () => void
}) {
  const joinCircle = useAppStore((s) => s.joinCircle)
  const [joining, setJoining] = useState(false)
  const [joinError, setJoinError] = useState('')
  const { circle, stats, previewPosts, me } = page
  const closed = circle.status === 'closed'
  // entry: opened through an invite (link or QR): remember it for whichever way they come in
  const [inviter, setInviter] = useState<UserView | null>(null)
  useEffect(() => {
    if (!invitedWith) {
      onSeen?.(null)
      return
    }
    rememberInvite(circle.id, invitedWith)
    call('member', 'invite', { code: invitedWith })
      .then((invite) => {
        const ours = invite.circleId === circle.id
        setInviter(ours ? invite.inviter : null)
        onSeen?.(ours ? invite.channel : null)
      })
      .catch(() => {
        setInviter(null)
        onSeen?.(null)
      })
  }, [invitedWith, circle.id, onSeen])
  const inviteCode = invitedWith || rememberedInvite(circle.id)
  const entry = entryButton(page)

  const join = async () => {
    onJoinTap?.()
    // Approval circles: the questionnaire first; an approved applicant of a paid one pays.
    if (entry.to === 'apply') {
      void Taro.navigateTo({ url: applyUrl(circle.id) })
      return
    }
    // Paid entry is bought, not joined: the catalog shows price, term and refund terms first.
    if (entry.to === 'buy') {
      void Taro.navigateTo({ url: buyUrl(circle.id, inviteCode) })
      return
    }
    if (entry.to === 'none') return
    setJoining(true)
    setJoinError('')
    try {
      const result = await joinCircle(circle.id, inviteCode)
      onJoined(result.welcome)
    } catch (e) {
      // entry_requires_approval / entry_requires_payment and the rest: the table's own words.
      setJoinError(toApiError(e).message)
    } finally {
      setJoining(false)
    }
  }

  return (
    <View className="landing">
      {inviter ? (
        <View className="landing__invited" data-testid="invited-by">
          <Avatar src={inviter.avatarUrl} name={inviter.nickname} size={20} />
          <Text className="landing__invited-text">{inviter.nickname} 邀请你加入</Text>
        </View>
      ) : null}
      <View className="landing__cover">
        {circle.coverUrl ? (
          <Image className="landing__cover-img" src={fileUrl(circle.coverUrl)} mode="aspectFill" />
        ) : null}
      </View>
      <View className="landing__card">
        <View className="landing__avatar">
          <Avatar src={circle.avatarUrl} name={circle.name} size={64} square />
        </View>
        <Text className="landing__name">{circle.name}</Text>
        <View className="landing__meta">
          <Text className="landing__type">{CIRCLE_TYPE_LABELS[circle.type]}</Text>
          <Text className="landing__sep">·</Text>
          {/* a paid circle on an iPhone without iOS virtual payment: no 付费 wording */}
          {circle.entryMode !== 'paid' || showsPrice(page.entrySale) ? (
            <Text>{ENTRY_MODE_LABELS[circle.entryMode]}</Text>
          ) : null}
          {closed ? <Text className="badge badge--member">已关闭</Text> : null}
        </View>
        <View className="landing__owner">
          <Avatar src={circle.owner.avatarUrl} name={circle.owner.nickname} size={20} />
          <Text className="landing__owner-name">圈主 {circle.owner.nickname}</Text>
          <Text className="muted">· 创建于 {formatDate(circle.createdAt)}</Text>
        </View>
        <View className="landing__stats" data-testid="landing-stats">
          <View className="landing__stat">
            <Text className="landing__stat-num">{stats.memberCount}</Text>
            <Text className="landing__stat-label">成员</Text>
          </View>
          <View className="landing__stat">
            <Text className="landing__stat-num">{stats.postCount}</Text>
            <Text className="landing__stat-label">动态</Text>
          </View>
          <View className="landing__stat">
            <Text className="landing__stat-num">{stats.postsLast7Days}</Text>
            <Text className="landing__stat-label">近7天动态</Text>
          </View>
          <View className="landing__stat">
            <Text className="landing__stat-num">{stats.featuredCount}</Text>
            <Text className="landing__stat-label">精华</Text>
          </View>
        </View>
      </View>

      <View className="cells">
        <View className="cells__title">圈子简介</View>
        <View className="landing__text">{circle.intro || '圈主还没有写简介'}</View>
        {circle.audience ? (
          <View className="landing__row">
            <Text className="landing__row-label">目标成员</Text>
            <Text className="landing__row-value">{circle.audience}</Text>
          </View>
        ) : null}
        {circle.coreValue ? (
          <View className="landing__row">
            <Text className="landing__row-label">核心价值</Text>
            <Text className="landing__row-value">{circle.coreValue}</Text>
          </View>
        ) : null}
        {circle.tags.length > 0 ? (
          <View className="landing__row">
            <Text className="landing__row-label">标签</Text>
            <Text className="landing__row-value">{circle.tags.map((t) => '#' + t).join('  ')}</Text>
          </View>
        ) : null}
      </View>

      {circle.rules ? (
        <View className="cells">
          <View className="cells__title">圈子规则</View>
          <View className="landing__text">{circle.rules}</View>
        </View>
      ) : null}

      {previewPosts.length > 0 ? (
        <View>
          <View className="cells__title">精华预览</View>
          {previewPosts.map((p) => (
            <PostCard key={p.id} postId={p.id} readOnly />
          ))}
        </View>
      ) : null}

      <View className="landing__join-bar">
        {joinError ? (
          <View className="landing__join-error" data-testid="join-error">
            {joinError}
          </View>
        ) : null}
        {!me && entry.note ? (
          <View className="landing__join-note" data-testid="application-note">
            {entry.note}
          </View>
        ) : null}
        {me?.state === 'expired' ? (
          <RenewalPanel me={me} />
        ) : me ? null : (
          <Button
            className={`btn btn--primary ${joining || closed || entry.to === 'none' ? 'btn--disabled' : ''}`}
            disabled={joining || closed || entry.to === 'none'}
            loading={joining}
            onClick={join}
            data-testid="join"
          >
            {closed ? '圈子已关闭' : entry.label}
          </Button>
        )}
      </View>
    </View>
  )
}

/**
 * The join button for a visitor (entry): free → join; paid → buy; approval → by the visitor's
 * application: none → 申请加入, pending → 审核中, approved (pay window open) → 去支付,
 * rejected → 重新申请 (with the reason), lapsed → 重新申请.
 */
export function entryButton(page: CirclePage): { label: string; to: 'join' | 'buy' | 'apply' | 'none'; note: string } {
  const { circle, application } = page
  // the price is said where the person decides (the server's figures; Price.tsx may hide them)
  const price = entryPriceText(circle.entryPrice)
  const perDay = price && circle.entryPrice?.perDayText ? circle.entryPrice.perDayText : ''
  if (circle.entryMode === 'free') return { label: '免费加入', to: 'join', note: '' }
  // An iPhone without iOS virtual payment: no price, no 付费 wording, no way to buy (services/sale.ts)
  if (
    !showsPrice(page.entrySale) &&
    (circle.entryMode === 'paid' || (application?.status === 'approved' && application.payBy))
  ) {
    return { label: '暂不支持加入', to: 'none', note: NOT_ON_THIS_DEVICE }
  }
  if (circle.entryMode === 'paid')
    return { label: price ? `付费加入 · ${price}` : '付费加入', to: 'buy', note: perDay ? `折合${perDay}` : '' }
  if (!application)
    return {
      label: '申请加入',
      to: 'apply',
      note: price ? `审核通过后付费加入：${price}${perDay ? `（${perDay}）` : ''}` : '',
    }
  if (application.status === 'pending') return { label: '审核中', to: 'none', note: '申请已提交，等待圈主审核' }
  if (application.status === 'approved' && application.payBy)
    return {
      label: price ? `已通过 · 去支付 ${price}` : '已通过 · 去支付',
      to: 'buy',
      note: `审核已通过，请在 ${formatDateTime(application.payBy)} 前完成支付`,
    }
  if (application.status === 'rejected')
    return { label: '重新申请', to: 'apply', note: `未通过（${application.rejectReason ?? ''}）` }
  if (application.status === 'expired')
    return {
      label: '重新申请',
      to: 'apply',
      note: application.paymentLapsed ? '审核通过后未在期限内支付' : '申请超过 7 天未审核，已过期',
    }
  // withdrawn by the applicant: they may apply again
  return {
    label: '申请加入',
    to: 'apply',
    note: price ? `审核通过后付费加入：${price}${perDay ? `（${perDay}）` : ''}` : '',
  }
}

const formatDateTime = (iso: string) => inShanghai(iso).format('M月D日 HH:mm')

export function showWelcome(circleName: string, welcome: string) {
  return Taro.showModal({
    title: `欢迎加入「${circleName}」`,
    content: welcome || '欢迎加入，先看看置顶和精华吧',
    showCancel: false,
    confirmText: '进入圈子',
    confirmColor: '#07C160',
  })
}
