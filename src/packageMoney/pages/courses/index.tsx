import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { OwnerGate } from '../../components/OwnerGate'
import { courseEditUrl } from '../../routes'
import { CourseList } from './CourseList'

export default function CoursesPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="circle.edit" what="管理课程">
        {() => (
          <CourseList
            circleId={circleId}
            onOpen={(courseId) => void Taro.navigateTo({ url: courseEditUrl(circleId, courseId) })}
          />
        )}
      </OwnerGate>
    </View>
  )
}
