import { useEffect } from 'react'
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { OwnerGate } from '@/components/OwnerGate'
import { StateView } from '@/components/StateView'
import { selectQuestionnaire, useJoinStore } from '../../store'
import { QuestionnaireEditor } from './QuestionnaireEditor'
import '../../join.scss'

/** The owner builds the approval questionnaire (≤ 10 questions). */
export default function QuestionnairePage() {
  const circleId = useRouter().params.circleId ?? ''
  const state = useJoinStore(selectQuestionnaire(circleId))
  const loadQuestionnaire = useJoinStore((s) => s.loadQuestionnaire)
  useEffect(() => {
    if (circleId) void loadQuestionnaire(circleId)
  }, [circleId, loadQuestionnaire])

  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="circle.settings" what="编辑入圈问卷" who="圈主和合伙人">
        {() =>
          state.data ? (
            <QuestionnaireEditor key={state.data.circleId} questionnaire={state.data} />
          ) : state.status === 'error' ? (
            <StateView kind="error" error={state.error} onRetry={() => void loadQuestionnaire(circleId)} />
          ) : (
            <StateView kind="loading" />
          )
        }
      </OwnerGate>
    </View>
  )
}
