import { LoadedView } from '@/components/LoadedView'
import { useEffect, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { PointsSettingsView } from '@core/contracts/perk'
import { POINT_REASON_LABELS } from '@core/points'
import type { PointReason } from '@core/settings'
import { OwnerGate } from '@/components/OwnerGate'
import { selectPointsSettings, usePerkStore } from '../../store'
import '../../perk.scss'
import { useSubmit } from '@/hooks/useSubmit'

const REASONS = Object.keys(POINT_REASON_LABELS) as PointReason[]

export default function PointsSettingsPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="circle.settings" what="设置积分规则">
        {() => <SettingsForm circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}

function SettingsForm({ circleId }: { circleId: string }) {
  const state = usePerkStore(selectPointsSettings(circleId))
  const load = usePerkStore((s) => s.loadPointsSettings)
  useEffect(() => void load(circleId), [circleId, load])
  return (
    <LoadedView state={state} onRetry={() => void load(circleId)}>
      {(data) => <Editor initial={data} />}
    </LoadedView>
  )
}

function Editor({ initial }: { initial: PointsSettingsView }) {
  const save = usePerkStore((s) => s.savePointsSettings)
  const [weights, setWeights] = useState(
    () => Object.fromEntries(REASONS.map((r) => [r, String(initial.weights[r])])) as Record<PointReason, string>,
  )
  const [titles, setTitles] = useState(() =>
    initial.titles.map((t) => ({ name: t.name, minPoints: String(t.minPoints) })),
  )

  const onSaveAction = useSubmit(async () => {
    await save({
      circleId: initial.circleId,
      weights: Object.fromEntries(REASONS.map((r) => [r, Number(weights[r]) || 0])) as Record<PointReason, number>,
      titles: titles
        .filter((t) => t.name.trim())
        .map((t) => ({ name: t.name.trim(), minPoints: Number(t.minPoints) || 0 })),
    })
    void Taro.showToast({ title: '已保存', icon: 'success' })
    void Taro.navigateBack()
  })
  const onSave = onSaveAction.run
  const saving = onSaveAction.busy

  return (
    <View>
      <Text className="cells__title">每次获得的积分（0–100，0 为不计分）</Text>
      <View className="cells">
        {REASONS.map((r) => (
          <View key={r} className="form-row">
            <Text className="form-row__label">{POINT_REASON_LABELS[r]}</Text>
            <Input
              className="form-row__input"
              type="number"
              value={weights[r]}
              onInput={(e) => setWeights((w) => ({ ...w, [r]: e.detail.value }))}
            />
          </View>
        ))}
      </View>
      <Text className="cells__title">荣誉称号（最多 10 个，累计积分达到门槛自动获得）</Text>
      <View className="cells">
        {titles.map((t, i) => (
          <View key={i} className="form-row">
            <Input
              className="form-row__input"
              value={t.name}
              maxlength={8}
              placeholder="称号"
              onInput={(e) => setTitles((ts) => ts.map((x, j) => (j === i ? { ...x, name: e.detail.value } : x)))}
            />
            <Input
              className="form-row__input"
              type="number"
              value={t.minPoints}
              placeholder="门槛积分"
              onInput={(e) => setTitles((ts) => ts.map((x, j) => (j === i ? { ...x, minPoints: e.detail.value } : x)))}
            />
            <Text className="link" onClick={() => setTitles((ts) => ts.filter((_, j) => j !== i))}>
              删除
            </Text>
          </View>
        ))}
        {titles.length < 10 ? (
          <View className="form-row" onClick={() => setTitles((ts) => [...ts, { name: '', minPoints: '' }])}>
            <Text className="link">＋ 添加称号</Text>
          </View>
        ) : null}
      </View>
      <View className="footer-actions">
        <Button className="btn btn--primary" loading={saving} disabled={saving} onClick={() => void onSave()}>
          保存
        </Button>
      </View>
    </View>
  )
}
