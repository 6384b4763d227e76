import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { OwnerGate } from '../../components/OwnerGate'
import { CourseEditor } from './CourseEditor'

export default function CourseEditPage() {
  const params = useRouter().params
  const circleId = params.circleId ?? ''
  const courseId = params.courseId || undefined
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="circle.edit" what="编辑课程">
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
    </View>
  )
}
