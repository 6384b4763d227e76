/**
 * A repeated, faint overlay of the viewer's nickname over images (circle setting
 * protection.watermark). It deters casual screenshots being passed on; it does not stop them
 * (docs/content-security.md). The overlay ignores taps so the image below still opens.
 */
import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import './Watermark.scss'

export interface WatermarkProps {
  /** The viewer's nickname; empty: no overlay. */
  text: string
  enabled: boolean
  children: ReactNode
  /** How many times the text repeats (a grid over the image). */
  repeat?: number
}

export default function Watermark({ text, enabled, children, repeat = 6 }: WatermarkProps) {
  const label = text.trim()
  if (!enabled || !label) return <>{children}</>
  return (
    <View className="watermark">
      {children}
      <View className="watermark__layer" data-testid="watermark">
        {Array.from({ length: repeat }, (_, i) => (
          <Text key={i} className="watermark__text">
            {label}
          </Text>
        ))}
      </View>
    </View>
  )
}
