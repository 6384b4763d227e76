import { View } from '@tarojs/components'
import type { ListState } from '@/store'
import './StateView.scss'

/** Below a non-empty list: loading more, a failed page with retry, or the end. */
export function ListFooter({ list, onMore }: { list: ListState<unknown>; onMore: () => void }) {
  if (list.items.length === 0) return null
  if (list.status === 'loadingMore') return <View className="list-footer">加载中…</View>
  if (list.status === 'error') {
    return (
      <View className="list-footer list-footer--error" onClick={onMore} data-testid="footer-retry">
        {list.error?.message ?? '加载失败'}，点击重试
      </View>
    )
  }
  if (list.nextCursor) {
    return (
      <View className="list-footer" onClick={onMore}>
        加载更多
      </View>
    )
  }
  return <View className="list-footer">没有更多了</View>
}
