import { useEffect } from 'react'
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { setPageTitle } from '@/utils/title'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { selectMyApplication, selectQuestionnaire, useJoinStore } from '../../store'
import { ApplyForm } from './ApplyForm'
import { ApplicationStatusCard } from './ApplicationStatusCard'
import '../../join.scss'

/** The applicant's page: the circle's questionnaire, or where their application stands. */
export default function ApplyPage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  const questionnaire = useJoinStore(selectQuestionnaire(circleId))
  const mine = useJoinStore(selectMyApplication(circleId))
  const loadQuestionnaire = useJoinStore((s) => s.loadQuestionnaire)
  const loadMyApplication = useJoinStore((s) => s.loadMyApplication)

  useEffect(() => {
    if (session.ready && circleId) {
      void loadQuestionnaire(circleId)
      void loadMyApplication(circleId)
    }
  }, [session.ready, circleId, loadQuestionnaire, loadMyApplication])

  const circleName = questionnaire.data?.circleName
  useEffect(() => {
    if (circleName) setPageTitle(`申请加入「${circleName}」`)
  }, [circleName])

  const retry = () => {
    void loadQuestionnaire(circleId)
    void loadMyApplication(circleId)
  }

  let body
  if (!circleId) body = <StateView kind="empty" text="没有找到这个圈子" />
  else if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (questionnaire.status === 'error' || mine.status === 'error')
    body = <StateView kind="error" error={questionnaire.error ?? mine.error} onRetry={retry} />
  else if (!questionnaire.data || mine.status !== 'ready') body = <StateView kind="loading" />
  else if (questionnaire.data.entryMode !== 'approval')
    body = <StateView kind="empty" text="这个圈子无需申请，可以直接加入" />
  else if (mine.data && (mine.data.status === 'pending' || mine.data.status === 'approved'))
    body = <ApplicationStatusCard app={mine.data} price={questionnaire.data.entryPrice} />
  else body = <ApplyForm questionnaire={questionnaire.data} previous={mine.data} />
  return <View className="page">{body}</View>
}
