import { useEffect } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import type { PerkView } from '@core/contracts/perk'
import { messageFor, isErrorCode } from '@core/errors'
import { PERK_KIND_LABELS } from '@core/perks'
import { can } from '@core/permissions'
import type { Role } from '@core/contract'
import { OwnerGate } from '@/components/OwnerGate'
import { StateView } from '@/components/StateView'
import { toApiError } from '@/services/cloud'
import { perkClaimsUrl, perkEditUrl, pointsUrl } from '../../routes'
import { selectPerks, usePerkStore } from '../../store'
import '../../perk.scss'
import { useSubmit } from '@/hooks/useSubmit'

export default function PerksPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="perk.claim" what="领取会员权益" who="圈子成员">
        {(page) => <Perks circleId={circleId} role={page.me?.role ?? null} />}
      </OwnerGate>
    </View>
  )
}

function Perks({ circleId, role }: { circleId: string; role: Role | null }) {
  const state = usePerkStore(selectPerks(circleId))
  const loadPerks = usePerkStore((s) => s.loadPerks)
  const manage = can(role, 'perk.manage')
  useEffect(() => void loadPerks(circleId), [circleId, loadPerks])
  useDidShow(() => {
    if (state.data) void loadPerks(circleId)
  })

  let body
  if (!state.data && state.status === 'error')
    body = <StateView kind="error" error={state.error} onRetry={() => void loadPerks(circleId)} />
  else if (!state.data) body = <StateView kind="loading" />
  else if (state.data.length === 0)
    body = (
      <StateView
        kind="empty"
        text={manage ? '还没有会员权益，给成员准备一份福利吧' : '圈主还没有发布会员权益'}
        {...(manage
          ? { actionText: '新建权益', onAction: () => void Taro.navigateTo({ url: perkEditUrl(circleId) }) }
          : {})}
      />
    )
  else body = state.data.map((perk) => <PerkCard key={perk.id} perk={perk} manage={manage} circleId={circleId} />)

  return (
    <View>
      <View className="perk-toolbar">
        <Text className="link" onClick={() => void Taro.navigateTo({ url: pointsUrl(circleId) })}>
          积分榜与荣誉称号 ›
        </Text>
      </View>
      {manage && state.data?.length ? (
        <View className="perk-toolbar">
          <Button className="btn btn--default" onClick={() => void Taro.navigateTo({ url: perkEditUrl(circleId) })}>
            新建权益
          </Button>
        </View>
      ) : null}
      {body}
    </View>
  )
}

function PerkCard({ perk, manage, circleId }: { perk: PerkView; manage: boolean; circleId: string }) {
  const claimPerk = usePerkStore((s) => s.claimPerk)
  const archivePerk = usePerkStore((s) => s.archivePerk)

  const onClaimAction = useSubmit(async () => {
    await claimPerk(perk.id)
    void Taro.showToast({ title: '领取成功', icon: 'success' })
  })
  const onClaim = onClaimAction.run
  const busy = onClaimAction.busy
  const onArchive = async () => {
    const { confirm } = await Taro.showModal({
      title: '下架这项权益？',
      content: '已领取的成员不受影响，其他人将不能再领取。',
    })
    if (!confirm) return
    try {
      await archivePerk(perk.id)
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  const stockText = perk.remaining === null ? `已领 ${perk.claimedCount}` : `剩余 ${perk.remaining} / ${perk.stock}`
  return (
    <View className="card" data-testid="perk-card">
      <View className="card__head">
        <Text className="card__title">{perk.title}</Text>
        <Text className="badge badge--member">
          {perk.status === 'archived' ? '已下架' : PERK_KIND_LABELS[perk.kind]}
        </Text>
      </View>
      {perk.description ? <Text className="perk-card__desc">{perk.description}</Text> : null}
      <Text className="perk-card__meta">
        {perk.eligibilityText} · {stockText}
      </Text>
      {perk.claim ? (
        <ClaimPrize perk={perk} />
      ) : (
        <View className="perk-card__actions">
          {perk.claimable ? (
            <Button
              className="btn btn--primary btn--mini"
              loading={busy}
              disabled={busy}
              onClick={() => void onClaim()}
            >
              立即领取
            </Button>
          ) : (
            <Text className="muted">
              {perk.blockedBy && isErrorCode(perk.blockedBy) ? messageFor(perk.blockedBy) : '暂不可领取'}
            </Text>
          )}
        </View>
      )}
      {manage ? (
        <View className="perk-card__actions">
          <Text className="link" onClick={() => void Taro.navigateTo({ url: perkClaimsUrl(circleId, perk.id) })}>
            领取记录
          </Text>
          <Text className="link" onClick={() => void Taro.navigateTo({ url: perkEditUrl(circleId, perk.id) })}>
            编辑
          </Text>
          {perk.status === 'active' ? (
            <Text className="link" onClick={() => void onArchive()}>
              下架
            </Text>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}

function ClaimPrize({ perk }: { perk: PerkView }) {
  const claim = perk.claim!
  const copy = (data: string) => void Taro.setClipboardData({ data })
  if (claim.code) {
    return (
      <View className="perk-card__prize" data-testid="perk-code">
        <View>
          <Text className="muted">{perk.kind === 'offline' ? '到场出示核销码' : '你的兑换码'}</Text>
          <View>
            <Text className="perk-card__code" userSelect>
              {claim.code}
            </Text>
          </View>
        </View>
        <Text className="link" onClick={() => copy(claim.code!)}>
          复制
        </Text>
      </View>
    )
  }
  if (claim.link) {
    return (
      <View className="perk-card__prize">
        <Text className="perk-card__code" userSelect>
          {claim.link}
        </Text>
        <Text className="link" onClick={() => copy(claim.link!)}>
          复制链接
        </Text>
      </View>
    )
  }
  return (
    <View className="perk-card__prize">
      <Text className="muted">{claim.courseId ? '已领取，课程已解锁，可在课程中学习' : '已领取'}</Text>
    </View>
  )
}
