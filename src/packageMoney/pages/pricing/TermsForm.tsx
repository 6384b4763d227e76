import { useEffect, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { TermsView } from '@core/contract'
import { LoadedView } from '@/components/LoadedView'
import { selectTerms, useWalletStore } from '../../store'
import { formatBps, parsePercentToBps } from '../../money'
import { couponsUrl } from '../../routes'
import { useSubmit } from '@/hooks/useSubmit'

interface TermsDraft {
  trialDays: string
  before: string
  within30: string
  later: string
  graceDays: string
  reminders: number[]
}

const REMINDER_CHOICES = [30, 14, 7, 3, 1]
const whole = (s: string): number | null => (/^\d{1,3}$/.test(s.trim()) ? Number(s.trim()) : null)

function draftOf(t: TermsView): TermsDraft {
  return {
    trialDays: String(t.trialDays),
    before: formatBps(t.renewal.beforeExpiryBps),
    within30: formatBps(t.renewal.within30DaysBps),
    later: formatBps(t.renewal.laterBps),
    graceDays: String(t.renewal.graceDays),
    reminders: t.renewal.reminderDays,
  }
}

/** The draft as setTerms input, or the first thing wrong with it in words. */
export function termsInputOf(d: TermsDraft) {
  const trialDays = whole(d.trialDays)
  if (trialDays === null || trialDays > 30) return { problem: '试用天数为 0–30 天（0 表示不提供试用）' } as const
  const tiers = [d.before, d.within30, d.later].map(parsePercentToBps)
  if (tiers.some((b) => b === null || b < 5000 || b > 10_000)) return { problem: '续费价格为原价的 50%–100%' } as const
  const graceDays = whole(d.graceDays)
  if (graceDays === null || graceDays > 30) return { problem: '只读宽限期为 0–30 天' } as const
  return {
    input: {
      trialDays,
      renewal: {
        beforeExpiryBps: tiers[0]!,
        within30DaysBps: tiers[1]!,
        laterBps: tiers[2]!,
        graceDays,
        reminderDays: d.reminders,
      },
    },
  } as const
}

function PercentRow({
  label,
  hint,
  value,
  testId,
  onChange,
}: {
  label: string
  hint: string
  value: string
  testId: string
  onChange: (v: string) => void
}) {
  return (
    <View className="cell">
      <View className="cell__label">
        <Text>{label}</Text>
      </View>
      <Input
        className="input cell__body"
        type="digit"
        value={value}
        onInput={(e) => onChange(e.detail.value)}
        data-testid={testId}
      />
      <Text className="money-unit">% · {hint}</Text>
    </View>
  )
}

/** Trial, renewal price tiers, read-only grace and reminder days (circle.settings, via shop.setTerms). */
export function TermsForm({ circleId }: { circleId: string }) {
  const terms = useWalletStore(selectTerms(circleId))
  const loadTerms = useWalletStore((s) => s.loadTerms)
  useEffect(() => {
    void loadTerms(circleId)
  }, [circleId, loadTerms])
  return (
    <LoadedView state={terms} onRetry={() => void loadTerms(circleId)}>
      {(data) => <TermsEditor circleId={circleId} initial={data} />}
    </LoadedView>
  )
}

/** The draft is taken once from the terms first loaded; a refresh does not overwrite what is being typed. */
function TermsEditor({ circleId, initial }: { circleId: string; initial: TermsView }) {
  const saveTerms = useWalletStore((s) => s.saveTerms)
  const terms = useWalletStore(selectTerms(circleId))
  const [d, setD] = useState<TermsDraft>(() => draftOf(initial))
  const [error, setError] = useState('')

  const set = <K extends keyof TermsDraft>(k: K, v: TermsDraft[K]) => {
    setD((old) => ({ ...old, [k]: v }))
    setError('')
  }
  const saveAction = useSubmit(
    async () => {
      const r = termsInputOf(d)
      if ('problem' in r) {
        setError(r.problem ?? '')
        return
      }
      await saveTerms(circleId, r.input)
      Taro.showToast({ title: '已保存', icon: 'success' })
    },
    { onError: (e) => setError(e.message) },
  )
  const save = saveAction.run
  const busy = saveAction.busy

  return (
    <View data-testid="terms-form">
      <View className="cells__title">试用与续费</View>
      <View className="cells" style={{ marginTop: 0 }}>
        <View className="cell">
          <Text className="cell__label">免费试用</Text>
          <Input
            className="input cell__body"
            type="number"
            value={d.trialDays}
            onInput={(e) => set('trialDays', e.detail.value)}
            data-testid="trial-days"
          />
          <Text className="money-unit">天</Text>
        </View>
        <PercentRow
          label="提前续费"
          hint="到期前"
          value={d.before}
          testId="tier-before"
          onChange={(v) => set('before', v)}
        />
        <PercentRow
          label="宽限期续费"
          hint="过期 30 天内"
          value={d.within30}
          testId="tier-within30"
          onChange={(v) => set('within30', v)}
        />
        <PercentRow
          label="回归续费"
          hint="过期 30 天后"
          value={d.later}
          testId="tier-later"
          onChange={(v) => set('later', v)}
        />
        <View className="cell">
          <Text className="cell__label">只读宽限期</Text>
          <Input
            className="input cell__body"
            type="number"
            value={d.graceDays}
            onInput={(e) => set('graceDays', e.detail.value)}
            data-testid="grace-days"
          />
          <Text className="money-unit">天</Text>
        </View>
        <View className="cell">
          <Text className="cell__label">到期提醒</Text>
          <View className="cell__body money-chips">
            {REMINDER_CHOICES.map((n) => (
              <Text
                key={n}
                className={`money-chip ${d.reminders.includes(n) ? 'money-chip--on' : ''}`}
                onClick={() =>
                  set(
                    'reminders',
                    d.reminders.includes(n)
                      ? d.reminders.filter((x) => x !== n)
                      : [...d.reminders, n].sort((a, b) => b - a),
                  )
                }
              >
                提前 {n} 天
              </Text>
            ))}
          </View>
        </View>
      </View>
      <View className="money-hint">
        试用每人每圈限一次，到期后按原价购买并从试用到期日顺延。续费价格按原价的百分比计算（50%–100%），按续费时间与到期时间的关系自动选择档位；续费总是从「现在」与「当前到期日」中较晚的一个顺延，提前续费不浪费一天。只读宽限期内过期成员可浏览但不能发言。
        {(terms.data ?? initial).cohortAllowed
          ? ''
          : ' 已有成员付费：有效期只能从统一到期改为按天数，不能再改为统一到期。'}
      </View>
      {error ? (
        <Text className="money-error" data-testid="terms-error">
          {error}
        </Text>
      ) : null}
      <View className="footer-actions">
        <Button
          className={`btn btn--primary ${busy ? 'btn--disabled' : ''}`}
          disabled={busy}
          loading={busy}
          onClick={() => void save()}
          data-testid="save-terms"
        >
          保存试用与续费设置
        </Button>
      </View>
      <View className="cells">
        <View
          className="cell"
          onClick={() => void Taro.navigateTo({ url: couponsUrl(circleId) })}
          data-testid="open-coupons"
        >
          <Text className="cell__body">优惠券</Text>
          <Text className="cell__value">发放与使用情况</Text>
          <Text className="cell__arrow">›</Text>
        </View>
      </View>
    </View>
  )
}
