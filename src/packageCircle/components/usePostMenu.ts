import Taro from '@tarojs/taro'
import type { PostView } from '@core/contract'
import { LIMITS } from '@core/limits'
import { can } from '@core/permissions'
import { toApiError } from '@/services/cloud'
import { selectMe, selectViewerRole, useAppStore } from '@/store'

interface MenuItem {
  label: string
  run: () => Promise<unknown>
  done: string
  confirm?: string
}

/**
 * The ··· menu of a post: pin (≤ 3), 精华, preview and delete for owner/admin; delete for the
 * author. Returns undefined for a post the viewer can do nothing with (no ··· shown).
 */
export function usePostMenu(circleId: string, hooks: { onRemoved?: (postId: string) => void; onChanged?: () => void } = {}) {
  const role = useAppStore(selectViewerRole(circleId))
  const me = useAppStore(selectMe)
  const pinPost = useAppStore((s) => s.pinPost)
  const featurePost = useAppStore((s) => s.featurePost)
  const setPostPreview = useAppStore((s) => s.setPostPreview)
  const removePost = useAppStore((s) => s.removePost)
  const closed = useAppStore((s) => s.circlePages[circleId]?.page?.circle.status === 'closed')

  const itemsFor = (post: PostView): MenuItem[] => {
    if (closed) return []
    const items: MenuItem[] = []
    if (can(role, 'post.pin')) {
      items.push(
        post.pinned
          ? { label: '取消置顶', run: () => pinPost(post.id, false), done: '已取消置顶' }
          : { label: `置顶（最多 ${LIMITS.pinnedPosts} 条）`, run: () => pinPost(post.id, true), done: '已置顶' },
      )
    }
    if (can(role, 'post.feature')) {
      items.push(
        post.featured
          ? { label: '取消精华', run: () => featurePost(post.id, false), done: '已取消精华' }
          : { label: '设为精华', run: () => featurePost(post.id, true), done: '已设为精华' },
      )
    }
    if (can(role, 'post.setPreview') && post.featured) {
      items.push(
        post.inPreview
          ? { label: '移出圈子预览', run: () => setPostPreview(post.id, false), done: '已移出预览' }
          : { label: '放入圈子预览', run: () => setPostPreview(post.id, true), done: '访客可在圈子页预览' },
      )
    }
    if (can(role, 'post.removeAny') || (me && post.author.openid === me.openid)) {
      items.push({
        label: '删除',
        run: async () => {
          await removePost(post.id)
          hooks.onRemoved?.(post.id)
        },
        done: '已删除',
        confirm: '删除后不可恢复，确定删除这条动态吗？',
      })
    }
    return items
  }

  const open = async (post: PostView) => {
    const items = itemsFor(post)
    let tapIndex: number
    try {
      tapIndex = (await Taro.showActionSheet({ itemList: items.map((i) => i.label) })).tapIndex
    } catch {
      return // cancelled
    }
    const item = items[tapIndex]
    if (!item) return
    if (item.confirm) {
      const r = await Taro.showModal({ title: '提示', content: item.confirm, confirmText: '删除', confirmColor: '#FA5151' })
      if (!r.confirm) return
    }
    try {
      await item.run()
      Taro.showToast({ title: item.done, icon: 'none' })
      hooks.onChanged?.()
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  return (post: PostView) => (itemsFor(post).length > 0 ? open : undefined)
}
