import { useEffect, useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { PerkView } from '@core/contracts/perk'
import { PERK_KIND_LABELS, type PerkEligibility, type PerkKind } from '@core/perks'
import { OwnerGate } from '@/components/OwnerGate'
import { LoadedView } from '@/components/LoadedView'
import { StateView } from '@/components/StateView'
import { useSubmit } from '@/hooks/useSubmit'
import { selectCourseChoices, selectPerks, usePerkStore } from '../../store'
import '../../perk.scss'

const KINDS: PerkKind[] = ['codes', 'link', 'offline', 'course']

export default function PerkEditPage() {
  const { circleId = '', perkId } = useRouter().params
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="perk.manage" what="编辑会员权益">
        {() => <PerkEditor circleId={circleId} perkId={perkId} />}
      </OwnerGate>
    </View>
  )
}

interface Draft {
  title: string
  description: string
  kind: PerkKind
  link: string
  courseId: string | null
  eligibility: PerkEligibility['kind']
  minDays: string
  stock: string
  codes: string
}

const draftOf = (p: PerkView | null): Draft => ({
  title: p?.title ?? '',
  description: p?.description ?? '',
  kind: p?.kind ?? 'codes',
  link: '',
  courseId: p?.courseId ?? null,
  eligibility: p?.eligibility.kind ?? 'all',
  minDays: p?.eligibility.kind === 'tenure' ? String(p.eligibility.minDays) : '30',
  stock: p?.stock && p.kind !== 'codes' ? String(p.stock) : '',
  codes: '',
})

function PerkEditor({ circleId, perkId }: { circleId: string; perkId?: string }) {
  const perks = usePerkStore(selectPerks(circleId))
  const loadPerks = usePerkStore((s) => s.loadPerks)
  useEffect(() => {
    if (perkId) void loadPerks(circleId)
  }, [circleId, perkId, loadPerks])
  if (!perkId) return <PerkForm circleId={circleId} existing={null} />
  return (
    <LoadedView state={perks} onRetry={() => void loadPerks(circleId)}>
      {(list) => {
        const perk = list.find((p) => p.id === perkId)
        return perk ? (
          <PerkForm key={perk.id} circleId={circleId} existing={perk} />
        ) : (
          <StateView kind="empty" text="这个权益已不存在" />
        )
      }}
    </LoadedView>
  )
}

/** The form, its draft taken once from the perk it edits (or blank for a new one). */
function PerkForm({ circleId, existing }: { circleId: string; existing: PerkView | null }) {
  const perkId = existing?.id
  const savePerk = usePerkStore((s) => s.savePerk)
  const courses = usePerkStore(selectCourseChoices(circleId))
  const loadCourseChoices = usePerkStore((s) => s.loadCourseChoices)
  const [d, setD] = useState<Draft>(() => draftOf(existing))
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }))
  const submit = useSubmit(savePerk, { success: '已保存' })

  useEffect(() => {
    void loadCourseChoices(circleId)
  }, [circleId, loadCourseChoices])

  const codes = d.codes
    .split(/\n/)
    .map((c) => c.trim())
    .filter(Boolean)
  const onSave = async () => {
    const eligibility: PerkEligibility =
      d.eligibility === 'tenure'
        ? { kind: 'tenure', minDays: Number(d.minDays) || 0 }
        : d.eligibility === 'pass'
          ? { kind: 'pass' }
          : { kind: 'all' }
    const saved = await submit.run({
      circleId,
      ...(perkId ? { perkId } : {}),
      title: d.title,
      description: d.description,
      kind: d.kind,
      link: d.kind === 'link' ? d.link : '',
      courseId: d.kind === 'course' ? d.courseId : null,
      eligibility,
      stock: d.kind !== 'codes' && d.stock ? Number(d.stock) : null,
      codes: d.kind === 'codes' ? codes : [],
    })
    if (saved) void Taro.navigateBack()
  }

  return (
    <View>
      <View className="cells">
        <View className="form-row">
          <Text className="form-row__label">名称</Text>
          <Input
            className="form-row__input"
            value={d.title}
            maxlength={30}
            placeholder="如：合作品牌 8 折券"
            onInput={(e) => set('title', e.detail.value)}
            data-testid="perk-title"
          />
        </View>
        <View className="form-row">
          <Textarea
            className="form-row__input"
            value={d.description}
            maxlength={500}
            autoHeight
            placeholder="说明（选填）：怎么用、有效期"
            onInput={(e) => set('description', e.detail.value)}
          />
        </View>
      </View>

      <Text className="cells__title">类型{perkId ? '（保存后不能修改）' : ''}</Text>
      <View className="cells">
        <View className="form-row">
          <View className="chips">
            {KINDS.map((k) => (
              <Text
                key={k}
                className={`chip ${d.kind === k ? 'chip--on' : ''}`}
                onClick={() => !perkId && set('kind', k)}
              >
                {PERK_KIND_LABELS[k]}
              </Text>
            ))}
          </View>
        </View>
        {d.kind === 'codes' ? (
          <View className="form-row">
            <Textarea
              className="form-row__input"
              value={d.codes}
              maxlength={-1}
              autoHeight
              placeholder={
                perkId
                  ? `追加兑换码，每行一个（已有 ${existing?.stock ?? 0} 个）`
                  : '兑换码，每行一个；每个码只会发给一位成员'
              }
              onInput={(e) => set('codes', e.detail.value)}
              data-testid="perk-codes"
            />
          </View>
        ) : null}
        {d.kind === 'link' ? (
          <View className="form-row">
            <Text className="form-row__label">链接</Text>
            <Input
              className="form-row__input"
              value={d.link}
              placeholder="https://…（领取后可见）"
              onInput={(e) => set('link', e.detail.value)}
            />
          </View>
        ) : null}
        {d.kind === 'course' ? (
          <View className="form-row">
            <View className="chips">
              {(courses.data ?? []).length === 0 ? <Text className="muted">圈子还没有课程</Text> : null}
              {(courses.data ?? []).map((c) => (
                <Text
                  key={c.id}
                  className={`chip ${d.courseId === c.id ? 'chip--on' : ''}`}
                  onClick={() => set('courseId', c.id)}
                >
                  {c.title}
                </Text>
              ))}
            </View>
          </View>
        ) : null}
        {d.kind !== 'codes' ? (
          <View className="form-row">
            <Text className="form-row__label">数量</Text>
            <Input
              className="form-row__input"
              type="number"
              value={d.stock}
              placeholder="不填为不限量"
              onInput={(e) => set('stock', e.detail.value)}
            />
          </View>
        ) : null}
      </View>

      <Text className="cells__title">谁可以领</Text>
      <View className="cells">
        <View className="form-row">
          <View className="chips">
            <Text
              className={`chip ${d.eligibility === 'all' ? 'chip--on' : ''}`}
              onClick={() => set('eligibility', 'all')}
            >
              全体成员
            </Text>
            <Text
              className={`chip ${d.eligibility === 'tenure' ? 'chip--on' : ''}`}
              onClick={() => set('eligibility', 'tenure')}
            >
              入圈满 N 天
            </Text>
            <Text
              className={`chip ${d.eligibility === 'pass' ? 'chip--on' : ''}`}
              onClick={() => set('eligibility', 'pass')}
            >
              年卡会员
            </Text>
          </View>
        </View>
        {d.eligibility === 'tenure' ? (
          <View className="form-row">
            <Text className="form-row__label">天数</Text>
            <Input
              className="form-row__input"
              type="number"
              value={d.minDays}
              onInput={(e) => set('minDays', e.detail.value)}
            />
          </View>
        ) : null}
      </View>

      <View className="footer-actions">
        <Button
          className="btn btn--primary"
          loading={submit.busy}
          disabled={submit.busy}
          onClick={() => void onSave()}
          data-testid="perk-save"
        >
          保存
        </Button>
      </View>
    </View>
  )
}
