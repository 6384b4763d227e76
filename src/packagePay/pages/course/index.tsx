import { useEffect } from 'react'
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { setPageTitle } from '@/utils/title'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { selectCourse, useShopStore } from '../../store'
import { devicePlatform } from '@/services/pay'
import { CourseScreen } from './CourseScreen'

export default function CoursePage() {
  const courseId = useRouter().params.id ?? ''
  const session = useSignedIn()
  const title = useShopStore((s) => selectCourse(courseId)(s).data?.title)

  useEffect(() => {
    if (title) setPageTitle(title)
  }, [title])

  let body
  if (!courseId) body = <StateView kind="empty" text="没有找到这门课程" />
  else if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!session.ready) body = <StateView kind="loading" />
  else body = <CourseScreen courseId={courseId} platform={devicePlatform()} />
  return <View className="page">{body}</View>
}
