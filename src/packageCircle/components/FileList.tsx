/**
 * A post's attachments (docs/content-security.md): name, size, kind and 禁止下载. Tapping one asks
 * the server for a short-lived URL (post.openFile) — the page does that; this only lists.
 */
import { Text, View } from '@tarojs/components'
import type { PostFileView } from '@core/contract'
import './FileList.scss'

const KIND_GLYPH: Record<PostFileView['kind'], string> = {
  pdf: 'PDF',
  doc: 'W',
  xls: 'X',
  ppt: 'P',
  txt: 'TXT',
  image: '图',
  zip: 'ZIP',
  other: '文件',
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

export interface FileListProps {
  files: PostFileView[]
  /** Index of the file being opened (shows 打开中…). */
  opening?: number | null
  onOpen?: (index: number) => void
}

export default function FileList({ files, opening = null, onOpen }: FileListProps) {
  if (files.length === 0) return null
  return (
    <View className="file-list">
      {files.map((f) => (
        <View
          key={f.index}
          className="file-list__item"
          data-testid="file-item"
          onClick={(e) => {
            e.stopPropagation()
            onOpen?.(f.index)
          }}
        >
          <View className={`file-list__icon file-list__icon--${f.kind}`}>{KIND_GLYPH[f.kind]}</View>
          <View className="file-list__body">
            <Text className="file-list__name">{f.name}</Text>
            <View className="file-list__meta">
              <Text>{formatBytes(f.sizeBytes)}</Text>
              {f.noDownload ? <Text className="file-list__lock">禁止下载 · 仅可预览</Text> : null}
            </View>
          </View>
          <Text className="file-list__action">{opening === f.index ? '打开中…' : f.noDownload ? '预览' : '打开'}</Text>
        </View>
      ))}
    </View>
  )
}
