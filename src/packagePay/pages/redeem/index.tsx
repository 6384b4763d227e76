import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { RedeemView } from './RedeemView'

export default function RedeemPage() {
  const code = useRouter().params.code ?? ''
  const session = useSignedIn()
  let body
  if (session.status === 'error') body = <StateView kind="error" error={session.error} onRetry={session.retry} />
  else if (!session.ready) body = <StateView kind="loading" />
  else body = <RedeemView initialCode={decodeURIComponent(code)} />
  return <View className="page">{body}</View>
}
