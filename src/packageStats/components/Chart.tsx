/**
 * A chart of the dashboard (../chart.ts lays it out as marks), painted on a Canvas 2D context in
 * both builds. The only difference is where the context comes from:
 * - H5: a plain <canvas>, sized to its box at the device's pixel ratio;
 * - the mini-program: a `<Canvas type="2d">` node found by a selector query (WeChat's Canvas 2D
 *   API is the web's).
 */
import { useEffect, useRef, useState } from 'react'
import { Canvas as TaroCanvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { type Box, type Context2D, type Mark, paint } from '../chart'

const IS_H5 = process.env.TARO_ENV === 'h5'
let nextId = 0

interface Surface {
  context: Context2D
  box: Box
  pixelRatio: number
}

function pixelRatio(): number {
  if (IS_H5) return window.devicePixelRatio || 1
  try {
    return Taro.getSystemInfoSync().pixelRatio || 2
  } catch {
    return 2
  }
}

function h5Surface(el: HTMLCanvasElement, height: number): Surface | null {
  const width = el.parentElement?.clientWidth || el.clientWidth || 320
  const dpr = pixelRatio()
  el.width = Math.round(width * dpr)
  el.height = Math.round(height * dpr)
  el.style.width = `${width}px`
  el.style.height = `${height}px`
  const context = el.getContext('2d')
  return context ? { context: context as unknown as Context2D, box: { width, height }, pixelRatio: dpr } : null
}

/** The weapp Canvas 2D node (`<Canvas type="2d">`), as far as the chart uses it. */
interface WeappCanvasNode {
  width: number
  height: number
  getContext(kind: '2d'): Context2D
}

function weappSurface(id: string, height: number): Promise<Surface | null> {
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true } as never)
      .exec((res: { node?: WeappCanvasNode; width?: number }[]) => {
        const node = res?.[0]?.node
        if (!node) return resolve(null)
        const width = res[0].width || 320
        const dpr = pixelRatio()
        node.width = Math.round(width * dpr)
        node.height = Math.round(height * dpr)
        resolve({ context: node.getContext('2d'), box: { width, height }, pixelRatio: dpr })
      })
  })
}

/** `marks` lays the chart out in the box it gets; it is painted again whenever `dataKey` changes. */
export function Chart({
  height,
  marks,
  dataKey,
  testId,
}: {
  height: number
  marks: (box: Box) => Mark[]
  dataKey: string
  testId?: string
}) {
  const [id] = useState(() => `chart${++nextId}`)
  const h5Ref = useRef<HTMLCanvasElement | null>(null)
  // `marks` is a new function on every render; the chart is painted again only when dataKey says its data changed.
  const latestMarks = useRef(marks)
  useEffect(() => {
    latestMarks.current = marks
  })

  useEffect(() => {
    let cancelled = false
    const draw = async () => {
      const surface = IS_H5 ? (h5Ref.current ? h5Surface(h5Ref.current, height) : null) : await weappSurface(id, height)
      if (!surface || cancelled) return
      paint(surface.context, latestMarks.current(surface.box), surface.box, surface.pixelRatio)
    }
    const timer = setTimeout(() => void draw().catch((e) => console.error('[chart]', e)), 0)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [dataKey, id, height])

  return (
    <View className="stats-chart" data-testid={testId} style={{ height: `${height}px` }}>
      {IS_H5 ? (
        <canvas ref={h5Ref} data-testid={testId ? `${testId}-canvas` : undefined} />
      ) : (
        <TaroCanvas type="2d" id={id} style={{ width: '100%', height: `${height}px` }} />
      )}
    </View>
  )
}
