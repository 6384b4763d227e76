import { LoadedView } from '@/components/LoadedView'
import { useEffect, useState } from 'react'
import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { ModerationSettingsView } from '@core/contracts/moderate'
import { OwnerGate } from '@/components/OwnerGate'
import { selectModerationSettings, useModerationStore } from '../../store'
import '../../admin.scss'
import { useSubmit } from '@/hooks/useSubmit'

/** 全员禁言、休息时段（北京时间）、新成员禁言天数: the circle's moderation settings (team). */
export default function ModerationSettingsPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="member.moderate" who="圈子管理团队" what="设置发言规则">
        {() => <SettingsLoader circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}

function SettingsLoader({ circleId }: { circleId: string }) {
  const state = useModerationStore(selectModerationSettings(circleId))
  const load = useModerationStore((s) => s.loadSettings)
  useEffect(() => void load(circleId), [circleId, load])
  return (
    <LoadedView state={state} onRetry={() => void load(circleId)}>
      {(data) => <Editor initial={data} />}
    </LoadedView>
  )
}

function Editor({ initial }: { initial: ModerationSettingsView }) {
  const save = useModerationStore((s) => s.saveSettings)
  const [muteAll, setMuteAll] = useState(initial.muteAll)
  const [quiet, setQuiet] = useState(!!initial.quietHours)
  const [start, setStart] = useState(initial.quietHours?.start ?? '23:00')
  const [end, setEnd] = useState(initial.quietHours?.end ?? '07:00')
  const [days, setDays] = useState(String(initial.newMemberMuteDays))

  const onSaveAction = useSubmit(async () => {
    await save({
      circleId: initial.circleId,
      muteAll,
      quietHours: quiet ? { start, end } : null,
      newMemberMuteDays: Number(days) || 0,
    })
    void Taro.showToast({ title: '已保存', icon: 'success' })
  })
  const onSave = onSaveAction.run
  const saving = onSaveAction.busy

  return (
    <View>
      <Text className="cells__title">圈主、合伙人和管理员不受以下限制</Text>
      <View className="cells">
        <View className="admin-row">
          <View>
            <Text className="admin-row__label">全员禁言</Text>
            <Text className="admin-row__hint">开启后成员和嘉宾只能浏览，不能发帖和评论</Text>
          </View>
          <Switch
            checked={muteAll}
            color="#07C160"
            onChange={(e) => setMuteAll(e.detail.value)}
            data-testid="mute-all"
          />
        </View>
        <View className="admin-row">
          <View>
            <Text className="admin-row__label">休息时段</Text>
            <Text className="admin-row__hint">按北京时间，可跨越午夜，如 23:00 至次日 07:00</Text>
          </View>
          <Switch checked={quiet} color="#07C160" onChange={(e) => setQuiet(e.detail.value)} />
        </View>
        {quiet ? (
          <>
            <Picker mode="time" value={start} onChange={(e) => setStart(String(e.detail.value))}>
              <View className="admin-row">
                <Text className="admin-row__label">开始</Text>
                <Text className="link">{start}</Text>
              </View>
            </Picker>
            <Picker mode="time" value={end} onChange={(e) => setEnd(String(e.detail.value))}>
              <View className="admin-row">
                <Text className="admin-row__label">结束</Text>
                <Text className="link">
                  {end <= start ? '次日 ' : ''}
                  {end}
                </Text>
              </View>
            </Picker>
          </>
        ) : null}
        <View className="admin-row">
          <View>
            <Text className="admin-row__label">新成员禁言天数</Text>
            <Text className="admin-row__hint">新加入的成员在前 N 天只能浏览（0 为不限制，最多 30 天）</Text>
          </View>
          <Input
            className="admin-row__input"
            type="number"
            value={days}
            maxlength={2}
            onInput={(e) => setDays(e.detail.value)}
          />
        </View>
      </View>
      <View className="footer-actions">
        <Button className="btn btn--primary" loading={saving} disabled={saving} onClick={() => void onSave()}>
          保存
        </Button>
      </View>
    </View>
  )
}
