import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { toApiError } from '@/services/cloud'
import { useMerchantStore } from '../../merchantStore'
import { ApplymentForm, MerchantStatus } from './MerchantSetup'

/** 收款账户: the owner's own 二级商户 (平台收付通), whichever circle they came from. */
export default function MerchantPage() {
  const session = useSignedIn()
  const { view, status, error, load, refresh, apply, uploadPhoto } = useMerchantStore()
  const [editing, setEditing] = useState(false)

  useEffect(() => {
    if (session.ready) void load()
  }, [session.ready, load])
  usePullDownRefresh(async () => {
    await refresh().catch(() => undefined)
    Taro.stopPullDownRefresh()
  })

  if (session.status === 'error') {
    return (
      <View className="page">
        <StateView kind="error" error={session.error} onRetry={session.retry} />
      </View>
    )
  }
  if (!session.ready || status === 'idle' || (status === 'loading' && !view)) {
    return (
      <View className="page">
        <StateView kind="loading" />
      </View>
    )
  }
  if (status === 'error' || !view) {
    return (
      <View className="page">
        <StateView kind="error" error={error} onRetry={() => void load()} />
      </View>
    )
  }
  if (view.mode === 'self') {
    return (
      <View className="page">
        <StateView kind="empty" text="圈子收入由运营方统一收款，圈主无需开通收款账户" />
      </View>
    )
  }
  const pickPhoto = async (what: string) => {
    const chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'] }).catch(() => null)
    const path = chosen?.tempFilePaths[0]
    if (!path) return null
    Taro.showLoading({ title: `上传${what}` })
    try {
      return await uploadPhoto(path)
    } finally {
      Taro.hideLoading()
    }
  }
  return (
    <View className="page">
      {view.state === null || editing ? (
        <ApplymentForm
          pickPhoto={pickPhoto}
          onSubmit={async (input) => {
            await apply(input)
            setEditing(false)
          }}
        />
      ) : (
        <MerchantStatus
          view={view}
          onReapply={() => setEditing(true)}
          onRefresh={() =>
            void refresh().catch((e) => {
              void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
            })
          }
        />
      )}
    </View>
  )
}
