import { Image, View } from '@tarojs/components'
import { fileUrl } from '@/services/cloud'
import './Avatar.scss'

/** A user's or a circle's picture; the first character of the name when there is none. */
export function Avatar({
  src,
  name,
  size = 40,
  square,
}: {
  src?: string
  name: string
  size?: number
  square?: boolean
}) {
  const style = { width: `${size}px`, height: `${size}px`, borderRadius: square ? '6px' : `${size / 2}px` }
  const url = fileUrl(src)
  if (url) return <Image className="avatar" style={style} src={url} mode="aspectFill" />
  return (
    <View
      className="avatar avatar--text"
      style={{ ...style, lineHeight: `${size}px`, fontSize: `${Math.round(size * 0.42)}px` }}
    >
      {[...(name || '?')][0]}
    </View>
  )
}
