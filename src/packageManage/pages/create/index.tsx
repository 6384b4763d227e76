import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useSignedIn } from '@/hooks/useSignedIn'
import { useAppStore } from '@/store'
import { circleUrl } from '@/utils/routes'
import { CircleForm, EMPTY_CIRCLE_FORM, type CircleFormValues } from '../../components/CircleForm'

export default function CreateCirclePage() {
  useSignedIn()
  const createCircle = useAppStore((s) => s.createCircle)
  const loadMine = useAppStore((s) => s.loadMine)

  const submit = async (v: CircleFormValues) => {
    const circle = await createCircle({
      name: v.name,
      type: v.type,
      entryMode: v.entryMode,
      intro: v.intro,
      coverUrl: v.coverUrl,
      avatarUrl: v.avatarUrl,
    })
    void loadMine()
    Taro.showToast({ title: '圈子已创建', icon: 'success' })
    await Taro.redirectTo({ url: circleUrl(circle.id) })
  }

  return (
    <View className="page">
      <CircleForm mode="create" initial={EMPTY_CIRCLE_FORM} submitText="创建圈子" onSubmit={submit} />
    </View>
  )
}
