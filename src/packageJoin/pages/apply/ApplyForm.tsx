import { EntryPrice, entryPriceText } from '@/components/Price'
import { Icon } from '@/components/Icon'
import { useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import type { ApplicationView, QuestionView, Questionnaire } from '@core/contracts/member'
import { requestPayReminder } from '@/services/subscribe'
import { useJoinStore, type AnswerDraft } from '../../store'
import { useSubmit } from '@/hooks/useSubmit'

const KIND_LABELS = { text: '', single: '单选', multiple: '多选' } as const
const chars = (s: string) => [...s].length

/** The first required question left unanswered, in words (the server checks it again). */
export function missingAnswer(questions: QuestionView[], answers: Record<string, AnswerDraft>): string | null {
  for (const [i, q] of questions.entries()) {
    const a = answers[q.id]
    const answered = q.kind === 'text' ? !!a?.text?.trim() : !!a?.choices?.length
    if (q.required && !answered) return `请回答第 ${i + 1} 题：${q.title}`
  }
  return null
}

function QuestionField({
  index,
  q,
  answer,
  onChange,
}: {
  index: number
  q: QuestionView
  answer: AnswerDraft | undefined
  onChange: (a: AnswerDraft) => void
}) {
  const choices = answer?.choices ?? []
  const toggle = (option: string) => {
    if (q.kind === 'single') onChange({ questionId: q.id, choices: [option] })
    else
      onChange({
        questionId: q.id,
        choices: choices.includes(option) ? choices.filter((c) => c !== option) : [...choices, option],
      })
  }
  return (
    <View className="q-block" data-testid={`question-${q.id}`}>
      <Text className="q-title">
        {index + 1}. {q.title}
        {q.required ? <Text className="q-required">*</Text> : null}
        {KIND_LABELS[q.kind] ? <Text className="q-kind">{KIND_LABELS[q.kind]}</Text> : null}
      </Text>
      {q.kind === 'text' ? (
        <Textarea
          className="q-input"
          style={{ height: '72px' }}
          maxlength={200}
          value={answer?.text ?? ''}
          placeholder="请填写"
          onInput={(e) => onChange({ questionId: q.id, text: e.detail.value })}
          data-testid={`answer-${q.id}`}
        />
      ) : (
        q.options.map((option) => {
          const on = choices.includes(option)
          return (
            <View
              key={option}
              className="q-option"
              onClick={() => toggle(option)}
              data-testid={`option-${q.id}-${option}`}
            >
              <View className={`q-check ${q.kind === 'multiple' ? 'q-check--square' : ''} ${on ? 'q-check--on' : ''}`}>
                {on ? <Icon name="check" size={12} color="#FFFFFF" /> : null}
              </View>
              <Text>{option}</Text>
            </View>
          )
        })
      )}
    </View>
  )
}

export function ApplyForm({
  questionnaire,
  previous,
}: {
  questionnaire: Questionnaire
  previous: ApplicationView | null
}) {
  const submitApplication = useJoinStore((s) => s.submitApplication)
  const [answers, setAnswers] = useState<Record<string, AnswerDraft>>({})
  const [note, setNote] = useState('')
  const [error, setError] = useState('')
  const { questions } = questionnaire

  const submitAction = useSubmit(
    async () => {
      const missing = missingAnswer(questions, answers)
      if (missing) return setError(missing)
      if (chars(note.trim()) > questionnaire.noteMaxChars)
        return setError(`补充说明最多 ${questionnaire.noteMaxChars} 个字`)
      // Approval + paid: the pay-window reminder needs a grant, asked within the tap (WeChat's rule)
      // and not awaited: the application goes in whatever the answer.
      if (questionnaire.paidAfterApproval) void requestPayReminder().catch(() => undefined)
      setError('')
      const list = questions
        .map((q) => answers[q.id])
        .filter((a): a is AnswerDraft => !!a && (!!a.text?.trim() || !!a.choices?.length))
      await submitApplication(questionnaire.circleId, list, note.trim())
    },
    { onError: (e) => setError(e.message) },
  )
  const submit = submitAction.run
  const busy = submitAction.busy

  return (
    <View data-testid="apply-form">
      {previous && previous.status !== 'withdrawn' ? (
        <View className="join-status">
          <View className="join-status__icon join-status__icon--no">!</View>
          <Text className="join-status__title">
            {previous.status === 'rejected'
              ? '上次申请未通过'
              : previous.paymentLapsed
                ? '付款期限已过'
                : '上次申请已过期'}
          </Text>
          <Text className="join-status__text">
            {previous.status === 'rejected' ? `原因：${previous.rejectReason ?? ''}` : '可以重新提交申请'}
          </Text>
        </View>
      ) : null}
      <Text className="join-hint">
        {questionnaire.paidAfterApproval
          ? `这个圈子需要审核：填写问卷，通过后 ${questionnaire.payWindowHours} 小时内完成支付即可加入。`
          : '这个圈子需要审核：填写问卷，圈主或管理员通过后即可加入。'}
      </Text>
      {questionnaire.paidAfterApproval && entryPriceText(questionnaire.entryPrice) ? (
        <View className="join-hint join-price">
          <Text>通过后支付</Text>
          <EntryPrice tag={questionnaire.entryPrice} testid="apply-price" />
        </View>
      ) : null}
      {questions.map((q, i) => (
        <QuestionField
          key={q.id}
          index={i}
          q={q}
          answer={answers[q.id]}
          onChange={(a) => setAnswers((old) => ({ ...old, [q.id]: a }))}
        />
      ))}
      <View className="q-block">
        <Text className="q-title">补充说明（选填）</Text>
        <Input
          className="q-input"
          value={note}
          maxlength={questionnaire.noteMaxChars}
          placeholder={`一句话介绍自己，${questionnaire.noteMaxChars} 字以内`}
          onInput={(e) => setNote(e.detail.value)}
          data-testid="apply-note"
        />
        <Text className="q-count">
          {chars(note)}/{questionnaire.noteMaxChars}
        </Text>
      </View>
      {error ? (
        <Text className="join-error" data-testid="apply-error">
          {error}
        </Text>
      ) : null}
      <View className="footer-actions">
        <Button
          className={`btn btn--primary ${busy ? 'btn--disabled' : ''}`}
          disabled={busy}
          loading={busy}
          onClick={submit}
          data-testid="apply-submit"
        >
          提交申请
        </Button>
      </View>
    </View>
  )
}
