/**
 * The dashboard's three charts as plain geometry: each function lays a chart out in a box and
 * answers the marks to paint (lines, rectangles, polygons, rules, text), and `paint` draws marks on
 * any Canvas 2D context. No chart library: the three charts need a few dozen lines of layout, and a
 * library cost the stats page ≈ 450 KB of JS (docs/performance.md).
 */

export interface Box {
  width: number
  height: number
}

export type Point = [number, number]

export type Mark =
  | { kind: 'line'; color: string; width: number; points: Point[] }
  | { kind: 'rect'; color: string; x: number; y: number; w: number; h: number }
  | { kind: 'poly'; color: string; points: Point[] }
  | {
      kind: 'text'
      text: string
      x: number
      y: number
      color: string
      align: 'left' | 'center' | 'right'
      baseline: 'top' | 'middle' | 'bottom'
    }

export const AXIS_TEXT = '#7F7F7F'
export const GRID = '#EDEDED'
export const FONT_PX = 10

/**
 * Round axis ticks from 0 to at least `max`: about `count` of them, steps of 1, 2 or 5 × 10ⁿ,
 * never finer than `minStep` (1 for counts of people).
 */
export function niceTicks(max: number, count = 4, minStep = 1): number[] {
  const top = Math.max(max, minStep)
  const raw = top / Math.max(1, count - 1)
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const norm = raw / magnitude
  const step = Math.max(minStep, (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude)
  const ticks = [0]
  while (ticks[ticks.length - 1] < top) ticks.push(Math.round((ticks[ticks.length - 1] + step) * 1e6) / 1e6)
  return ticks
}

/** About `count` evenly spread indices of n labels, first and last included. */
export function spreadIndices(n: number, count: number): number[] {
  if (n <= 0) return []
  if (n <= count) return Array.from({ length: n }, (_x, i) => i)
  const out = new Set<number>()
  for (let i = 0; i < count; i++) out.add(Math.round((i * (n - 1)) / (count - 1)))
  return [...out]
}

const text = (
  value: string,
  x: number,
  y: number,
  align: 'left' | 'center' | 'right',
  baseline: 'top' | 'middle' | 'bottom',
  color = AXIS_TEXT,
): Mark => ({ kind: 'text', text: value, x, y, color, align, baseline })

/**
 * Lines over days: one line per series (values by day, same length as `labels`), the legend on
 * top, day labels below (about four), a value axis from 0 on the left with its grid.
 */
export function lineChart(
  series: { name: string; color: string; values: number[] }[],
  labels: string[],
  box: Box,
): Mark[] {
  const left = 28
  const right = 8
  const top = 24
  const bottom = 18
  const plot = { x: left, y: top, w: Math.max(1, box.width - left - right), h: Math.max(1, box.height - top - bottom) }
  const ticks = niceTicks(Math.max(0, ...series.flatMap((s) => s.values)))
  const max = ticks[ticks.length - 1]
  const yOf = (v: number) => plot.y + plot.h - (v / max) * plot.h
  const n = labels.length
  const xOf = (i: number) => (n <= 1 ? plot.x + plot.w / 2 : plot.x + (i * plot.w) / (n - 1))
  const marks: Mark[] = []
  for (const t of ticks) {
    marks.push({
      kind: 'line',
      color: GRID,
      width: 1,
      points: [
        [plot.x, yOf(t)],
        [plot.x + plot.w, yOf(t)],
      ],
    })
    marks.push(text(String(t), plot.x - 4, yOf(t), 'right', 'middle'))
  }
  for (const i of spreadIndices(n, 4)) {
    const align = n > 1 && i === 0 ? 'left' : n > 1 && i === n - 1 ? 'right' : 'center'
    marks.push(text(labels[i], xOf(i), plot.y + plot.h + 4, align, 'top'))
  }
  for (const s of series) {
    marks.push({ kind: 'line', color: s.color, width: 2, points: s.values.map((v, i) => [xOf(i), yOf(v)]) })
  }
  // the legend: a swatch and the name of each series, left to right
  let x = plot.x
  for (const s of series) {
    marks.push({ kind: 'rect', color: s.color, x, y: 6, w: 8, h: 8 })
    marks.push(text(s.name, x + 12, 10, 'left', 'middle'))
    x += 12 + s.name.length * FONT_PX + 16
  }
  return marks
}

/** Horizontal bars, one row each (label on the left), on a scale from 0 to `max` with `ticks` marks below. */
export function barChart(
  rows: { label: string; value: number }[],
  box: Box,
  { max, ticks = 3, color }: { max: number; ticks?: number; color: string },
): Mark[] {
  const left = 8 + 6 * FONT_PX
  const right = 12
  const bottom = 18
  const plot = { x: left, y: 4, w: Math.max(1, box.width - left - right), h: Math.max(1, box.height - 4 - bottom) }
  const band = plot.h / Math.max(1, rows.length)
  const xOf = (v: number) => plot.x + (Math.min(Math.max(v, 0), max) / max) * plot.w
  const marks: Mark[] = []
  for (let i = 0; i < ticks; i++) {
    const v = ticks === 1 ? max : (max * i) / (ticks - 1)
    marks.push({
      kind: 'line',
      color: GRID,
      width: 1,
      points: [
        [xOf(v), plot.y],
        [xOf(v), plot.y + plot.h],
      ],
    })
    marks.push(
      text(
        String(Math.round(v)),
        xOf(v),
        plot.y + plot.h + 4,
        i === 0 ? 'left' : i === ticks - 1 ? 'right' : 'center',
        'top',
      ),
    )
  }
  rows.forEach((r, i) => {
    const mid = plot.y + band * i + band / 2
    const thick = Math.min(20, band * 0.6)
    marks.push(text(r.label, plot.x - 6, mid, 'right', 'middle'))
    marks.push({ kind: 'rect', color, x: plot.x, y: mid - thick / 2, w: Math.max(0, xOf(r.value) - plot.x), h: thick })
  })
  return marks
}

/**
 * A funnel: one centred band per stage, top to bottom, as wide as its share of the largest
 * stage, each joined to the next by a trapezoid; the stage's name and number beside it.
 */
export function funnelChart(stages: { label: string; value: number; color: string }[], box: Box): Mark[] {
  const labelWidth = 8 * FONT_PX
  const plot = { x: 4, y: 4, w: Math.max(1, box.width - 8 - labelWidth), h: Math.max(1, box.height - 8) }
  const max = Math.max(1, ...stages.map((s) => s.value))
  const band = plot.h / Math.max(1, stages.length)
  const centre = plot.x + plot.w / 2
  const half = (v: number) => Math.max(1, (v / max) * plot.w) / 2
  const marks: Mark[] = []
  stages.forEach((s, i) => {
    const y0 = plot.y + band * i
    const y1 = y0 + band * 0.7
    const w0 = half(s.value)
    const next = stages[i + 1]
    marks.push({ kind: 'rect', color: s.color, x: centre - w0, y: y0, w: w0 * 2, h: y1 - y0 })
    if (next) {
      const w1 = half(next.value)
      marks.push({
        kind: 'poly',
        color: GRID,
        points: [
          [centre - w0, y1],
          [centre + w0, y1],
          [centre + w1, y0 + band],
          [centre - w1, y0 + band],
        ],
      })
    }
    marks.push(text(`${s.label} ${s.value}`, plot.x + plot.w + 8, (y0 + y1) / 2, 'left', 'middle'))
  })
  return marks
}

/** The part of a Canvas 2D context `paint` uses (the web's, and WeChat's `type="2d"` canvas). */
export interface Context2D {
  fillStyle: unknown
  strokeStyle: unknown
  lineWidth: number
  font: string
  textAlign: string
  textBaseline: string
  lineJoin: string
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void
  clearRect(x: number, y: number, w: number, h: number): void
  fillRect(x: number, y: number, w: number, h: number): void
  beginPath(): void
  moveTo(x: number, y: number): void
  lineTo(x: number, y: number): void
  closePath(): void
  stroke(): void
  fill(): void
  fillText(text: string, x: number, y: number): void
}

/** Clears the box and paints the marks in order, at the device's pixel ratio. */
export function paint(ctx: Context2D, marks: Mark[], box: Box, pixelRatio: number): void {
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0)
  ctx.clearRect(0, 0, box.width, box.height)
  ctx.font = `${FONT_PX}px sans-serif`
  ctx.lineJoin = 'round'
  for (const m of marks) {
    if (m.kind === 'rect') {
      ctx.fillStyle = m.color
      ctx.fillRect(m.x, m.y, m.w, m.h)
    } else if (m.kind === 'text') {
      ctx.fillStyle = m.color
      ctx.textAlign = m.align
      ctx.textBaseline = m.baseline
      ctx.fillText(m.text, m.x, m.y)
    } else if (m.points.length) {
      ctx.beginPath()
      m.points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)))
      if (m.kind === 'poly') {
        ctx.closePath()
        ctx.fillStyle = m.color
        ctx.fill()
      } else {
        ctx.strokeStyle = m.color
        ctx.lineWidth = m.width
        ctx.stroke()
      }
    }
  }
}
