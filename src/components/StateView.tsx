import { Button, Text, View } from '@tarojs/components'
import type { ApiError } from '@/services/cloud'
import './StateView.scss'

type Props =
  | { kind: 'loading'; text?: string }
  | { kind: 'empty'; text: string; actionText?: string; onAction?: () => void }
  | { kind: 'error'; error: ApiError | null; onRetry: () => void }

/** The loading / empty / error states every list shows (docs/features.md §12). */
export function StateView(props: Props) {
  if (props.kind === 'loading') {
    return (
      <View className="state state--loading" data-testid="state-loading">
        <View className="state__spinner" />
        <Text className="state__text">{props.text ?? '加载中…'}</Text>
      </View>
    )
  }
  if (props.kind === 'empty') {
    return (
      <View className="state state--empty" data-testid="state-empty">
        <View className="state__icon">○</View>
        <Text className="state__text">{props.text}</Text>
        {props.actionText && props.onAction ? (
          <Button className="btn btn--primary btn--mini state__action" onClick={props.onAction}>
            {props.actionText}
          </Button>
        ) : null}
      </View>
    )
  }
  return (
    <View className="state state--error" data-testid="state-error">
      <View className="state__icon state__icon--error">!</View>
      <Text className="state__text">{props.error?.message ?? '加载失败'}</Text>
      <Button className="btn btn--default btn--mini state__action" onClick={props.onRetry}>
        重试
      </Button>
    </View>
  )
}
