import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { LeaderboardRow } from '@core/contracts/perk'
import { can } from '@core/permissions'
import { POINT_REASON_LABELS } from '@core/points'
import type { PointReason } from '@core/settings'
import { Avatar } from '@/components/Avatar'
import { OwnerGate } from '@/components/OwnerGate'
import { StateView } from '@/components/StateView'
import { toApiError } from '@/services/cloud'
import { pointsSettingsUrl } from '../../routes'
import { selectBoard, selectPointsSettings, usePerkStore } from '../../store'
import '../../perk.scss'

export default function PointsPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="circle.read" what="查看积分榜" who="圈子成员">
        {(page) => <Board circleId={circleId} canSet={can(page.me?.role ?? null, 'circle.settings')} />}
      </OwnerGate>
    </View>
  )
}

function Board({ circleId, canSet }: { circleId: string; canSet: boolean }) {
  const board = usePerkStore(selectBoard(circleId))
  const rules = usePerkStore(selectPointsSettings(circleId))
  const loadLeaderboard = usePerkStore((s) => s.loadLeaderboard)
  const loadPointsSettings = usePerkStore((s) => s.loadPointsSettings)
  const grantTitle = usePerkStore((s) => s.grantTitle)
  useEffect(() => {
    void loadLeaderboard(circleId)
    void loadPointsSettings(circleId)
  }, [circleId, loadLeaderboard, loadPointsSettings])

  const onGrant = async (row: LeaderboardRow) => {
    const res = await Taro.showModal({
      title: `给 ${row.user.nickname} 授予称号`,
      editable: true,
      placeholderText: '1–8 个字；留空则收回称号',
      content: '',
    } as Taro.showModal.Option)
    if (!res.confirm) return
    const title = ((res as { content?: string }).content ?? '').trim()
    try {
      await grantTitle(circleId, row.user.openid, title || null)
      void Taro.showToast({ title: title ? '已授予' : '已收回', icon: 'success' })
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  if (!board.data && board.status === 'error')
    return <StateView kind="error" error={board.error} onRetry={() => void loadLeaderboard(circleId)} />
  if (!board.data) return <StateView kind="loading" />
  const { me, items, month } = board.data
  return (
    <View>
      {me ? (
        <View className="board-me" data-testid="my-points">
          <View>
            <Text className="board-me__num">{me.monthPoints}</Text>
            <Text className="board-me__label">本月积分</Text>
          </View>
          <View>
            <Text className="board-me__num">{me.rank ?? '-'}</Text>
            <Text className="board-me__label">本月排名</Text>
          </View>
          <View>
            <Text className="board-me__num">{me.totalPoints}</Text>
            <Text className="board-me__label">{me.title ? `累计 · ${me.title}` : '累计积分'}</Text>
          </View>
        </View>
      ) : null}

      <Text className="cells__title">
        {month.slice(0, 4)}年{Number(month.slice(4))}月排行榜 · 积分每分钟更新
      </Text>
      {items.length === 0 ? (
        <StateView kind="empty" text="本月还没有人获得积分，发条动态试试" />
      ) : (
        <View className="cells">
          {items.map((row) => (
            <View
              key={row.user.openid}
              className="cell"
              data-testid="board-row"
              onLongPress={board.data!.canGrant ? () => void onGrant(row) : undefined}
            >
              <Text className={`board-row__rank ${row.rank <= 3 ? 'board-row__rank--top' : ''}`}>{row.rank}</Text>
              <Avatar src={row.user.avatarUrl} name={row.user.nickname} size={36} />
              <View className="board-row__name">
                <Text>{row.user.nickname}</Text>
                {row.title ? <Text className="board-row__title">{row.title}</Text> : null}
              </View>
              <Text className="board-row__points">{row.points}</Text>
              {board.data!.canGrant ? (
                <Text className="link" style={{ marginLeft: '10px' }} onClick={() => void onGrant(row)}>
                  称号
                </Text>
              ) : null}
            </View>
          ))}
        </View>
      )}

      {rules.data ? (
        <View>
          <Text className="cells__title">积分规则</Text>
          <View className="cells">
            {(Object.keys(POINT_REASON_LABELS) as PointReason[]).map((r) => (
              <View key={r} className="cell">
                <Text className="cell__body">{POINT_REASON_LABELS[r]}</Text>
                <Text className="cell__value">+{rules.data!.weights[r]}</Text>
              </View>
            ))}
          </View>
          {rules.data.titles.length ? (
            <View>
              <Text className="cells__title">荣誉称号（累计积分达到即获得）</Text>
              <View className="cells">
                {rules.data.titles.map((t) => (
                  <View key={t.name} className="cell">
                    <Text className="cell__body">{t.name}</Text>
                    <Text className="cell__value">{t.minPoints} 分</Text>
                  </View>
                ))}
              </View>
            </View>
          ) : null}
        </View>
      ) : null}
      {canSet ? (
        <View className="perk-toolbar">
          <Text className="link" onClick={() => void Taro.navigateTo({ url: pointsSettingsUrl(circleId) })}>
            设置积分规则与称号 ›
          </Text>
        </View>
      ) : null}
    </View>
  )
}
