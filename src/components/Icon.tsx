import { View } from '@tarojs/components'
import { ICON_BODIES, type IconName } from './icons'

export type { IconName }

// Base64 by hand: the mini-program has no btoa, and these SVGs are plain ASCII.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
function base64(ascii: string): string {
  let out = ''
  for (let i = 0; i < ascii.length; i += 3) {
    const a = ascii.charCodeAt(i)
    const b = i + 1 < ascii.length ? ascii.charCodeAt(i + 1) : NaN
    const c = i + 2 < ascii.length ? ascii.charCodeAt(i + 2) : NaN
    out += B64[a >> 2] + B64[((a & 3) << 4) | (isNaN(b) ? 0 : b >> 4)]
    out += isNaN(b) ? '=' : B64[((b & 15) << 2) | (isNaN(c) ? 0 : c >> 6)]
    out += isNaN(c) ? '=' : B64[c & 63]
  }
  return out
}

const cache = new Map<string, string>()

/** The icon as a data URI (SVG, base64): usable as a background image in both builds. */
export function iconDataUri(name: IconName, color: string, fill = 'none'): string {
  const key = `${name}|${color}|${fill}`
  let uri = cache.get(key)
  if (!uri) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="${fill}" stroke="${color}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${ICON_BODIES[name]}</svg>`
    uri = `data:image/svg+xml;base64,${base64(svg)}`
    cache.set(key, uri)
  }
  return uri
}

/**
 * One icon of the app's set (Lucide, inlined at build time by scripts/gen-icons.mjs): a sized box
 * with the SVG as its background, the same in the mini-program and in H5, and never a box of a
 * missing emoji glyph.
 */
export function Icon({
  name,
  size = 20,
  color = '#191919',
  fill,
  className = '',
}: {
  name: IconName
  size?: number
  color?: string
  fill?: string
  className?: string
}) {
  return (
    <View
      className={`icon ${className}`}
      data-icon={name}
      style={{
        display: 'inline-block',
        flexShrink: 0,
        verticalAlign: 'middle',
        width: `${size}px`,
        height: `${size}px`,
        backgroundImage: `url("${iconDataUri(name, color, fill)}")`,
        backgroundSize: '100% 100%',
        backgroundRepeat: 'no-repeat',
      }}
    />
  )
}
