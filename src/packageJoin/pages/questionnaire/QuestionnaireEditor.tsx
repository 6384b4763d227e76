import { useState } from 'react'
import { Button, Input, Switch, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { QuestionKind, Questionnaire } from '@core/contracts/member'
import { useJoinStore, type QuestionDraft } from '../../store'
import { ENTRY_LIMITS } from '@core/limits'
import { useSubmit } from '@/hooks/useSubmit'

const KINDS: { kind: QuestionKind; label: string }[] = [
  { kind: 'text', label: '填空' },
  { kind: 'single', label: '单选' },
  { kind: 'multiple', label: '多选' },
]

interface Draft {
  kind: QuestionKind
  title: string
  options: string[]
  required: boolean
}

/** The first thing wrong with the drafts, in words (the server checks again). */
export function questionnaireProblem(drafts: Draft[]): string | null {
  for (const [i, d] of drafts.entries()) {
    const n = i + 1
    if (!d.title.trim()) return `第 ${n} 题还没有题目`
    if ([...d.title.trim()].length > ENTRY_LIMITS.questionTitleChars)
      return `第 ${n} 题题目最多 ${ENTRY_LIMITS.questionTitleChars} 个字`
    if (d.kind !== 'text') {
      const options = d.options.map((o) => o.trim()).filter(Boolean)
      if (options.length < 2) return `第 ${n} 题至少需要 2 个选项`
      if (new Set(options).size !== options.length) return `第 ${n} 题有重复的选项`
    }
  }
  return null
}

const toInput = (drafts: Draft[]): QuestionDraft[] =>
  drafts.map((d) => ({
    kind: d.kind,
    title: d.title.trim(),
    required: d.required,
    options: d.kind === 'text' ? [] : d.options.map((o) => o.trim()).filter(Boolean),
  }))

export function QuestionnaireEditor({ questionnaire }: { questionnaire: Questionnaire }) {
  const save = useJoinStore((s) => s.saveQuestionnaire)
  const [drafts, setDrafts] = useState<Draft[]>(() =>
    questionnaire.questions.map((q) => ({
      kind: q.kind,
      title: q.title,
      options: [...q.options],
      required: q.required,
    })),
  )
  const [payHours, setPayHours] = useState(String(questionnaire.payWindowHours))
  const [error, setError] = useState('')

  const change = (i: number, patch: Partial<Draft>) => {
    setDrafts((old) => old.map((d, j) => (j === i ? { ...d, ...patch } : d)))
    setError('')
  }
  const add = (kind: QuestionKind) => {
    if (drafts.length >= ENTRY_LIMITS.questions) return setError(`最多 ${ENTRY_LIMITS.questions} 道题`)
    setDrafts((old) => [...old, { kind, title: '', options: kind === 'text' ? [] : ['', ''], required: true }])
  }

  const submitAction = useSubmit(
    async () => {
      const problem = questionnaireProblem(drafts)
      if (problem) return setError(problem)
      const hours = Number(payHours)
      if (questionnaire.paidAfterApproval && (!Number.isInteger(hours) || hours < 1 || hours > 720))
        return setError('付款期限为 1–720 小时')
      await save(questionnaire.circleId, toInput(drafts), questionnaire.paidAfterApproval ? hours : undefined)
      Taro.showToast({ title: '问卷已保存', icon: 'success' })
    },
    { onError: (e) => setError(e.message) },
  )
  const submit = submitAction.run
  const busy = submitAction.busy

  return (
    <View data-testid="questionnaire-editor">
      <Text className="join-hint">
        申请人需要回答这些问题，最多 {ENTRY_LIMITS.questions} 道。已提交的申请保留提交时的问题和回答。
      </Text>
      {drafts.length === 0 ? <Text className="join-hint">还没有问题：申请人只需填写一句补充说明。</Text> : null}
      {drafts.map((d, i) => (
        <View key={i} className="q-block" data-testid={`draft-${i}`}>
          <View className="app-card__head">
            <Text className="q-title" style={{ flex: 1 }}>
              第 {i + 1} 题 · {KINDS.find((k) => k.kind === d.kind)?.label}
            </Text>
            <Text className="muted">必答</Text>
            <Switch
              checked={d.required}
              color="#07C160"
              onChange={(e) => change(i, { required: e.detail.value })}
              style={{ transform: 'scale(0.8)' }}
            />
            <Text
              className="link"
              style={{ marginLeft: '8px' }}
              onClick={() => setDrafts((old) => old.filter((_, j) => j !== i))}
            >
              删除
            </Text>
          </View>
          <Input
            className="q-input"
            value={d.title}
            maxlength={ENTRY_LIMITS.questionTitleChars}
            placeholder="题目"
            onInput={(e) => change(i, { title: e.detail.value })}
            data-testid={`draft-title-${i}`}
          />
          {d.kind !== 'text'
            ? d.options.map((o, k) => (
                <View key={k} className="app-card__head" style={{ marginTop: '6px' }}>
                  <Input
                    className="q-input"
                    style={{ marginTop: 0, flex: 1 }}
                    value={o}
                    maxlength={ENTRY_LIMITS.optionChars}
                    placeholder={`选项 ${k + 1}`}
                    onInput={(e) => change(i, { options: d.options.map((x, m) => (m === k ? e.detail.value : x)) })}
                    data-testid={`draft-option-${i}-${k}`}
                  />
                  {d.options.length > 2 ? (
                    <Text
                      className="link"
                      style={{ marginLeft: '8px' }}
                      onClick={() => change(i, { options: d.options.filter((_, m) => m !== k) })}
                    >
                      移除
                    </Text>
                  ) : null}
                </View>
              ))
            : null}
          {d.kind !== 'text' && d.options.length < ENTRY_LIMITS.options ? (
            <Text
              className="link"
              style={{ display: 'block', marginTop: '8px' }}
              onClick={() => change(i, { options: [...d.options, ''] })}
            >
              + 添加选项
            </Text>
          ) : null}
        </View>
      ))}
      <View className="cells">
        <View className="cell">
          <Text className="cell__label">添加问题</Text>
          <View className="cell__body" style={{ display: 'flex', gap: '8px', justifyContent: 'flex-end' }}>
            {KINDS.map((k) => (
              <Button
                key={k.kind}
                className="btn btn--default btn--mini"
                onClick={() => add(k.kind)}
                data-testid={`add-${k.kind}`}
              >
                {k.label}
              </Button>
            ))}
          </View>
        </View>
        {questionnaire.paidAfterApproval ? (
          <View className="cell">
            <Text className="cell__label">付款期限</Text>
            <Input
              className="input cell__body"
              type="number"
              value={payHours}
              onInput={(e) => setPayHours(e.detail.value)}
            />
            <Text className="muted">小时</Text>
          </View>
        ) : null}
      </View>
      {questionnaire.paidAfterApproval ? (
        <Text className="join-hint">审核 + 付费：通过后需在付款期限内支付，逾期需重新申请。</Text>
      ) : null}
      {error ? <Text className="join-error">{error}</Text> : null}
      <View className="footer-actions">
        <Button
          className={`btn btn--primary ${busy ? 'btn--disabled' : ''}`}
          disabled={busy}
          loading={busy}
          onClick={submit}
          data-testid="questionnaire-save"
        >
          保存问卷
        </Button>
      </View>
    </View>
  )
}
