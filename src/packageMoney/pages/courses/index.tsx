import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { OwnerGate } from '../../components/OwnerGate'
import { courseEditUrl } from '../../routes'
import { CourseList } from './CourseList'

export default function CoursesPage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  if (session.status === 'error') {
    return (
      <View className='page'>
        <StateView kind='error' error={session.error} onRetry={session.retry} />
      </View>
    )
  }
  return (
    <View className='page'>
      {session.ready ? (
        <OwnerGate circleId={circleId} permission='circle.edit' what='管理课程'>
          {() => <CourseList circleId={circleId} onOpen={(courseId) => void Taro.navigateTo({ url: courseEditUrl(circleId, courseId) })} />}
        </OwnerGate>
      ) : (
        <StateView kind='loading' />
      )}
    </View>
  )
}
