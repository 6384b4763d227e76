import { useCallback, useEffect, useState } from 'react'
import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { InputOf } from '@core/contract'
import type { MilestonesView, NewcomerView } from '@core/contracts/growth'
import type { Reward } from '@core/growth'
import { GROWTH_LIMITS } from '@core/limits'
import { LoadedView } from '@/components/LoadedView'
import { OwnerGate } from '@/components/OwnerGate'
import { toApiError } from '@/services/cloud'
import { selectMilestones, selectNewcomer, selectPerkOptions, useGrowthStore } from '../../store'
import '../../growth.scss'

type Perks = { id: string; title: string }[]

/** The owner's (and partners') 新人任务 checklist and 邀请里程碑, each saved on its own. */
export default function GrowthSettingsPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="growth.manage" what="设置新人任务与邀请奖励" who="圈主和合伙人">
        {() => <Settings circleId={circleId} />}
      </OwnerGate>
    </View>
  )
}

function Settings({ circleId }: { circleId: string }) {
  const newcomer = useGrowthStore(selectNewcomer(circleId))
  const milestones = useGrowthStore(selectMilestones(circleId))
  const perks = useGrowthStore(selectPerkOptions(circleId))
  const loadNewcomer = useGrowthStore((s) => s.loadNewcomer)
  const loadMilestones = useGrowthStore((s) => s.loadMilestones)
  const loadPerkOptions = useGrowthStore((s) => s.loadPerkOptions)
  const loadAll = useCallback(() => {
    void loadNewcomer(circleId)
    void loadMilestones(circleId)
    void loadPerkOptions(circleId)
  }, [circleId, loadNewcomer, loadMilestones, loadPerkOptions])
  useEffect(loadAll, [loadAll])
  return (
    <LoadedView state={perks} onRetry={loadAll}>
      {(options) => (
        <View>
          <LoadedView state={newcomer} onRetry={loadAll}>
            {(v) => <NewcomerForm circleId={circleId} v={v} perks={options} />}
          </LoadedView>
          <LoadedView state={milestones} onRetry={loadAll}>
            {(v) => <MilestonesForm circleId={circleId} v={v} perks={options} />}
          </LoadedView>
        </View>
      )}
    </LoadedView>
  )
}

// ---------- a reward ----------

type RewardKind = Reward['kind'] | 'none'
const REWARD_KINDS: { kind: RewardKind; label: string }[] = [
  { kind: 'none', label: '不设奖励' },
  { kind: 'points', label: '积分' },
  { kind: 'coupon', label: '优惠券' },
  { kind: 'perk', label: '会员权益' },
  { kind: 'month', label: '30 天会员' },
]

interface RewardDraft {
  kind: RewardKind
  value: string
  perkId: string
}

const draftOf = (r: Reward | null): RewardDraft =>
  !r
    ? { kind: 'none', value: '', perkId: '' }
    : r.kind === 'points'
      ? { kind: 'points', value: String(r.points), perkId: '' }
      : r.kind === 'coupon'
        ? { kind: 'coupon', value: String(r.amountFen / 100), perkId: '' }
        : r.kind === 'perk'
          ? { kind: 'perk', value: '', perkId: r.perkId }
          : { kind: 'month', value: '', perkId: '' }

function rewardOf(d: RewardDraft): Reward | null {
  if (d.kind === 'none') return null
  if (d.kind === 'points') return { kind: 'points', points: Number(d.value) || 0 }
  if (d.kind === 'coupon') return { kind: 'coupon', amountFen: Math.round((Number(d.value) || 0) * 100) }
  if (d.kind === 'perk') return { kind: 'perk', perkId: d.perkId }
  return { kind: 'month' }
}

function RewardEditor({
  d,
  onChange,
  perks,
  allowNone,
  testid,
}: {
  d: RewardDraft
  onChange: (d: RewardDraft) => void
  perks: Perks
  allowNone: boolean
  testid: string
}) {
  const kinds = REWARD_KINDS.filter((k) => allowNone || k.kind !== 'none')
  const index = Math.max(
    0,
    kinds.findIndex((k) => k.kind === d.kind),
  )
  const perkIndex = Math.max(
    0,
    perks.findIndex((p) => p.id === d.perkId),
  )
  return (
    <View>
      <Picker
        mode="selector"
        range={kinds.map((k) => k.label)}
        value={index}
        onChange={(e) => onChange({ ...d, kind: kinds[Number(e.detail.value)].kind })}
      >
        <View className="form-row" data-testid={`${testid}-kind`}>
          <Text className="form-row__label">奖励</Text>
          <Text className="form-row__input">{kinds[index].label}</Text>
        </View>
      </Picker>
      {d.kind === 'points' || d.kind === 'coupon' ? (
        <View className="form-row">
          <Text className="form-row__label">{d.kind === 'points' ? '积分' : '面额（元）'}</Text>
          <Input
            className="form-row__input"
            type={d.kind === 'points' ? 'number' : 'digit'}
            value={d.value}
            onInput={(e) => onChange({ ...d, value: e.detail.value })}
            data-testid={`${testid}-value`}
          />
        </View>
      ) : null}
      {d.kind === 'perk' ? (
        perks.length === 0 ? (
          <Text className="gr-meta gr-note">圈子还没有会员权益，请先在「权益」里创建</Text>
        ) : (
          <Picker
            mode="selector"
            range={perks.map((p) => p.title)}
            value={perkIndex}
            onChange={(e) => onChange({ ...d, perkId: perks[Number(e.detail.value)].id })}
          >
            <View className="form-row">
              <Text className="form-row__label">权益</Text>
              <Text className="form-row__input">{perks.find((p) => p.id === d.perkId)?.title ?? '请选择'}</Text>
            </View>
          </Picker>
        )
      ) : null}
    </View>
  )
}

function useSave() {
  const [busy, setBusy] = useState(false)
  const run = async (what: () => Promise<unknown>) => {
    setBusy(true)
    try {
      await what()
      void Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setBusy(false)
    }
  }
  return { busy, run }
}

// ---------- newcomer tasks ----------

function NewcomerForm({ circleId, v, perks }: { circleId: string; v: NewcomerView; perks: Perks }) {
  const save = useGrowthStore((s) => s.saveNewcomer)
  const { busy, run } = useSave()
  const [d, setD] = useState({
    enabled: v.enabled,
    intro: !!v.introTag,
    introTag: v.introTag ?? '自我介绍',
    checkin: v.checkin,
    guide: !!v.guide,
    guideTitle: v.guide?.title ?? '新人指南',
    guideBody: v.guide?.body ?? '',
    perk: !!v.perkId,
    perkId: v.perkId ?? perks[0]?.id ?? '',
  })
  const [reward, setReward] = useState(draftOf(v.reward?.reward ?? null))
  const toggle = (label: string, key: 'enabled' | 'intro' | 'checkin' | 'guide' | 'perk') => (
    <View className="form-row">
      <Text className="form-row__label">{label}</Text>
      <Switch
        checked={d[key]}
        color="#07C160"
        onChange={(e) => setD((x) => ({ ...x, [key]: e.detail.value }))}
        data-testid={`gs-${key}`}
      />
    </View>
  )
  const input: InputOf<'growth', 'saveNewcomer'> = {
    circleId,
    enabled: d.enabled,
    introTag: d.intro ? d.introTag : null,
    checkin: d.checkin,
    guide: d.guide ? { title: d.guideTitle, body: d.guideBody } : null,
    perkId: d.perk && d.perkId ? d.perkId : null,
    reward: rewardOf(reward),
  }
  return (
    <View data-testid="growth-newcomer-form">
      <Text className="cells__title">新人任务（新成员入圈后在圈子首页看到）</Text>
      <View className="cells">
        {toggle('开启新人任务', 'enabled')}
        {toggle('发自我介绍', 'intro')}
        {d.intro ? (
          <View className="form-row">
            <Text className="form-row__label">话题 #</Text>
            <Input
              className="form-row__input"
              value={d.introTag}
              maxlength={20}
              onInput={(e) => setD((x) => ({ ...x, introTag: e.detail.value }))}
            />
          </View>
        ) : null}
        {toggle('完成第一次打卡', 'checkin')}
        {toggle('阅读新人指南', 'guide')}
        {d.guide ? (
          <View className="gr-address">
            <Input
              className="gr-input"
              value={d.guideTitle}
              maxlength={GROWTH_LIMITS.guideTitleChars}
              placeholder="指南标题"
              onInput={(e) => setD((x) => ({ ...x, guideTitle: e.detail.value }))}
            />
            <Textarea
              className="gr-input gr-textarea"
              value={d.guideBody}
              maxlength={GROWTH_LIMITS.guideBodyChars}
              placeholder="圈规、常用功能、怎么提问……"
              onInput={(e) => setD((x) => ({ ...x, guideBody: e.detail.value }))}
            />
          </View>
        ) : null}
        {toggle('领取新人权益', 'perk')}
        {d.perk ? (
          perks.length === 0 ? (
            <Text className="gr-meta gr-note">圈子还没有会员权益，请先在「权益」里创建</Text>
          ) : (
            <Picker
              mode="selector"
              range={perks.map((p) => p.title)}
              value={Math.max(
                0,
                perks.findIndex((p) => p.id === d.perkId),
              )}
              onChange={(e) => setD((x) => ({ ...x, perkId: perks[Number(e.detail.value)].id }))}
            >
              <View className="form-row">
                <Text className="form-row__label">权益</Text>
                <Text className="form-row__input">{perks.find((p) => p.id === d.perkId)?.title ?? '请选择'}</Text>
              </View>
            </Picker>
          )
        ) : null}
        <RewardEditor d={reward} onChange={setReward} perks={perks} allowNone testid="gs-reward" />
      </View>
      <View className="gr-actions">
        <Button
          className="btn btn--primary"
          loading={busy}
          disabled={busy}
          onClick={() => void run(() => save(input))}
          data-testid="gs-newcomer-save"
        >
          保存新人任务
        </Button>
      </View>
    </View>
  )
}

// ---------- invite milestones ----------

function MilestonesForm({ circleId, v, perks }: { circleId: string; v: MilestonesView; perks: Perks }) {
  const save = useGrowthStore((s) => s.saveMilestones)
  const { busy, run } = useSave()
  const [rows, setRows] = useState(
    v.milestones.map((m) => ({ invitees: String(m.invitees), reward: draftOf(m.reward.reward) })),
  )
  const setRow = (i: number, patch: Partial<(typeof rows)[number]>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const input: InputOf<'growth', 'saveMilestones'> = {
    circleId,
    milestones: rows
      .map((r) => ({ invitees: Number(r.invitees) || 0, reward: rewardOf(r.reward) }))
      .filter((m): m is { invitees: number; reward: Reward } => m.reward !== null),
  }
  return (
    <View data-testid="growth-milestones-form">
      <Text className="cells__title">邀请里程碑（在邀请佣金之外，每档奖励一次）</Text>
      {rows.length === 0 ? <Text className="gr-meta gr-note">还没有里程碑</Text> : null}
      {rows.map((r, i) => (
        <View className="cells" key={i}>
          <View className="form-row">
            <Text className="form-row__label">邀请人数</Text>
            <Input
              className="form-row__input"
              type="number"
              value={r.invitees}
              onInput={(e) => setRow(i, { invitees: e.detail.value })}
              data-testid="gs-milestone-invitees"
            />
          </View>
          <RewardEditor
            d={r.reward}
            onChange={(reward) => setRow(i, { reward })}
            perks={perks}
            allowNone={false}
            testid="gs-milestone-reward"
          />
          <View className="form-row">
            <Text className="link" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
              删除这一档
            </Text>
          </View>
        </View>
      ))}
      <View className="gr-actions">
        {rows.length < GROWTH_LIMITS.milestones ? (
          <Button
            className="btn btn--default"
            onClick={() =>
              setRows((rs) => [
                ...rs,
                {
                  invitees: String((Number(rs[rs.length - 1]?.invitees) || 0) + 1),
                  reward: { kind: 'points', value: '100', perkId: '' },
                },
              ])
            }
          >
            添加一档
          </Button>
        ) : null}
        <Button
          className="btn btn--primary"
          loading={busy}
          disabled={busy}
          onClick={() => void run(() => save(input))}
          data-testid="gs-milestones-save"
        >
          保存邀请里程碑
        </Button>
      </View>
    </View>
  )
}
