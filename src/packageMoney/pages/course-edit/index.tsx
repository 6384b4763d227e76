import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { OwnerGate } from '../../components/OwnerGate'
import { CourseEditor } from './CourseEditor'

export default function CourseEditPage() {
  const params = useRouter().params
  const circleId = params.circleId ?? ''
  const courseId = params.courseId || undefined
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
        <OwnerGate circleId={circleId} permission='circle.edit' what='编辑课程'>
          {() => (
            <CourseEditor
              circleId={circleId}
              courseId={courseId}
              onSaved={() => {
                Taro.showToast({ title: '课程已保存', icon: 'success' })
                setTimeout(() => void Taro.navigateBack(), 400)
              }}
            />
          )}
        </OwnerGate>
      ) : (
        <StateView kind='loading' />
      )}
    </View>
  )
}
