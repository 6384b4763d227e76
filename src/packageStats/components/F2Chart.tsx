/**
 * A chart drawn by AntV F2 (a mobile chart library that renders to any Canvas 2D context) in both
 * builds. The only difference is where the context comes from, so this adapter is all there is:
 * - H5: a plain <canvas>, sized to its box at the device's pixel ratio;
 * - the mini-program: a `<Canvas type="2d">` node found by a selector query (WeChat's Canvas 2D
 *   API is the web's), with its own createImage / requestAnimationFrame handed to F2.
 * F2 ships only in this subpackage (the dashboard); the main package never imports it.
 */
import { useEffect, useRef, useState } from 'react'
import { Canvas as TaroCanvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Canvas as F2Canvas, jsx } from '@antv/f2'

const IS_H5 = process.env.TARO_ENV === 'h5'
let nextId = 0

/** F2's element factory (its classic JSX), loosely typed: the pages build trees without a JSX pragma. */
export const h = jsx as unknown as (
  type: unknown,
  props: Record<string, unknown> | null,
  ...children: unknown[]
) => unknown

interface Surface {
  context: CanvasRenderingContext2D
  width: number
  height: number
  pixelRatio: number
  extra: Record<string, unknown>
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
  return context ? { context, width, height, pixelRatio: dpr, extra: {} } : null
}

/** The weapp Canvas 2D node (type="2d"), as far as F2 uses it. */
interface WeappCanvas {
  width: number
  height: number
  getContext(kind: '2d'): CanvasRenderingContext2D
  createImage(): unknown
  requestAnimationFrame(fn: FrameRequestCallback): number
  cancelAnimationFrame(handle: number): void
}

function weappSurface(id: string, height: number): Promise<Surface | null> {
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true } as never)
      .exec((res: { node?: WeappCanvas; width?: number }[]) => {
        const node = res?.[0]?.node
        if (!node) return resolve(null)
        const width = res[0].width || 320
        const dpr = pixelRatio()
        node.width = Math.round(width * dpr)
        node.height = Math.round(height * dpr)
        resolve({
          context: node.getContext('2d'),
          width,
          height,
          pixelRatio: dpr,
          extra: {
            createImage: () => node.createImage(),
            requestAnimationFrame: (fn: FrameRequestCallback) => node.requestAnimationFrame(fn),
            cancelAnimationFrame: (h: number) => node.cancelAnimationFrame(h),
          },
        })
      })
  })
}

/**
 * `chart` builds the F2 element tree (e.g. `jsx(Chart, { data }, jsx(Line, {...}))`); it is drawn
 * again whenever `dataKey` changes.
 */
export function F2Chart({
  height,
  chart,
  dataKey,
  testId,
}: {
  height: number
  chart: () => unknown
  dataKey: string
  testId?: string
}) {
  const [id] = useState(() => `f2chart${++nextId}`)
  const h5Ref = useRef<HTMLCanvasElement | null>(null)
  const instance = useRef<F2Canvas | null>(null)
  // The element tree is rebuilt on every render; the chart redraws only when dataKey says its data changed.
  const latestChart = useRef(chart)
  useEffect(() => {
    latestChart.current = chart
  })

  useEffect(() => {
    let cancelled = false
    const draw = async () => {
      const surface = IS_H5 ? (h5Ref.current ? h5Surface(h5Ref.current, height) : null) : await weappSurface(id, height)
      if (!surface || cancelled) return
      instance.current?.destroy()
      const el = h(
        F2Canvas,
        {
          context: surface.context,
          width: surface.width,
          height: surface.height,
          pixelRatio: surface.pixelRatio,
          animate: false,
          ...surface.extra,
        },
        latestChart.current(),
      ) as {
        props: ConstructorParameters<typeof F2Canvas>[0]
      }
      const canvas = new F2Canvas(el.props)
      instance.current = canvas
      await canvas.render()
    }
    const timer = setTimeout(() => void draw().catch((e) => console.error('[chart]', e)), 0)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [dataKey, id, height])

  useEffect(() => () => instance.current?.destroy(), [])

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
