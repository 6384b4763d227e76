/**
 * The 文件 tab: a circle's attachments, newest first (docs/search.md). No file ids reach the app:
 * opening one asks post.openFile for a short-lived URL, preview-only for 禁止下载.
 */
import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CircleFileItem } from '@core/contracts/post'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import { toApiError } from '@/services/cloud'
import { openAttachment } from '@/services/files'
import { useAppStore } from '@/store'
import { relativeTime } from '@/utils/time'
import { postUrl } from '@/utils/routes'
import FileList from '../../components/FileList'
import { selectFiles, useSearchStore } from '../search/store'

export function CircleFiles({ circleId }: { circleId: string }) {
  const list = useSearchStore(selectFiles(circleId))
  const loadFiles = useSearchStore((s) => s.loadFiles)
  const openPostFile = useAppStore((s) => s.openPostFile)
  const [opening, setOpening] = useState<string | null>(null)

  useEffect(() => {
    void loadFiles(circleId)
  }, [circleId, loadFiles])

  const open = async (f: CircleFileItem) => {
    if (opening) return
    setOpening(`${f.postId}:${f.index}`)
    try {
      await openAttachment(() => openPostFile(f.postId, f.index))
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setOpening(null)
    }
  }

  if (list.status === 'idle' || list.status === 'loading') return <StateView kind="loading" />
  if (list.items.length === 0 && list.status === 'error')
    return <StateView kind="error" error={list.error} onRetry={() => void loadFiles(circleId)} />
  if (list.items.length === 0) return <StateView kind="empty" text="还没有人分享文件" />
  return (
    <View data-testid="circle-files">
      {list.items.map((f) => (
        <View key={`${f.postId}:${f.index}`} className="feed__file">
          <FileList
            files={[f]}
            opening={opening === `${f.postId}:${f.index}` ? f.index : null}
            onOpen={() => void open(f)}
          />
          <Text className="feed__file-meta" onClick={() => void Taro.navigateTo({ url: postUrl(f.postId) })}>
            {f.author.nickname} · {relativeTime(f.createdAt)} · 查看动态 ›
          </Text>
        </View>
      ))}
      <ListFooter list={list} onMore={() => void loadFiles(circleId, 'more')} />
    </View>
  )
}
