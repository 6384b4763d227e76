// The dashboard's charts as geometry (src/packageStats/chart.ts): what the owner sees drawn.
import {
  barChart,
  funnelChart,
  lineChart,
  type Mark,
  niceTicks,
  paint,
  spreadIndices,
  type Context2D,
} from '../../src/packageStats/chart'

const texts = (marks: Mark[]) => marks.flatMap((m) => (m.kind === 'text' ? [m.text] : []))
const box = { width: 320, height: 200 }

describe('niceTicks', () => {
  it('counts whole people in round steps from 0 up to at least the largest value', () => {
    expect(niceTicks(7)).toEqual([0, 5, 10])
    expect(niceTicks(3)).toEqual([0, 1, 2, 3])
    expect(niceTicks(120)).toEqual([0, 50, 100, 150])
  })

  it('still has an axis when every value is 0', () => {
    expect(niceTicks(0)).toEqual([0, 1])
  })
})

describe('spreadIndices', () => {
  it('labels the first and the last day and about four in all', () => {
    expect(spreadIndices(30, 4)).toEqual([0, 10, 19, 29])
    expect(spreadIndices(3, 4)).toEqual([0, 1, 2])
    expect(spreadIndices(0, 4)).toEqual([])
  })
})

describe('lineChart', () => {
  const series = [
    { name: '活跃成员', color: '#07c160', values: [2, 6, 4] },
    { name: '新成员', color: '#576b95', values: [0, 1, 0] },
  ]
  const marks = lineChart(series, ['12/1', '12/2', '12/3'], box)

  it('draws one line per series through every day, higher values higher up', () => {
    const lines = marks.filter((m): m is Extract<Mark, { kind: 'line' }> => m.kind === 'line' && m.width === 2)
    expect(lines.map((l) => l.color)).toEqual(['#07c160', '#576b95'])
    const [active] = lines
    expect(active.points).toHaveLength(3)
    expect(active.points[1][1]).toBeLessThan(active.points[2][1])
    expect(active.points[0][0]).toBeLessThan(active.points[2][0])
    for (const [x, y] of lines.flatMap((l) => l.points)) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThanOrEqual(box.width)
      expect(y).toBeGreaterThanOrEqual(0)
      expect(y).toBeLessThanOrEqual(box.height)
    }
  })

  it('names the series in the legend and labels the days and the value axis', () => {
    expect(texts(marks)).toEqual(expect.arrayContaining(['活跃成员', '新成员', '12/1', '12/3', '0', '2', '4', '6']))
  })
})

describe('barChart', () => {
  it('draws each challenge as a bar as long as its rate, on a 0–100 scale', () => {
    const marks = barChart(
      [
        { label: '早起', value: 50 },
        { label: '读书', value: 100 },
      ],
      box,
      { max: 100, ticks: 3, color: '#07c160' },
    )
    const bars = marks.filter((m): m is Extract<Mark, { kind: 'rect' }> => m.kind === 'rect')
    expect(bars).toHaveLength(2)
    expect(bars[1].w).toBeCloseTo(bars[0].w * 2)
    expect(texts(marks)).toEqual(['0', '50', '100', '早起', '读书'])
  })
})

describe('funnelChart', () => {
  it('narrows with each stage and names each with its number', () => {
    const marks = funnelChart(
      [
        { label: '访问', value: 40, color: '#07c160' },
        { label: '点击加入', value: 20, color: '#2aae67' },
        { label: '下单', value: 10, color: '#576b95' },
        { label: '支付', value: 0, color: '#fa9d3b' },
      ],
      box,
    )
    const bands = marks.filter((m): m is Extract<Mark, { kind: 'rect' }> => m.kind === 'rect')
    expect(bands.map((b) => b.w)).toEqual([...bands.map((b) => b.w)].sort((a, b) => b - a))
    expect(bands[0].w).toBeCloseTo(bands[1].w * 2)
    expect(texts(marks)).toEqual(['访问 40', '点击加入 20', '下单 10', '支付 0'])
  })
})

describe('paint', () => {
  it('draws every mark on the context at the pixel ratio', () => {
    const calls: string[] = []
    const ctx = new Proxy({} as Record<string, unknown>, {
      get: (target, key: string) =>
        key in target ? target[key] : (...args: unknown[]) => calls.push(`${key}(${args.join(',')})`),
      set: (target, key: string, value) => ((target[key] = value), true),
    }) as unknown as Context2D
    paint(
      ctx,
      [
        { kind: 'rect', color: '#07c160', x: 1, y: 2, w: 3, h: 4 },
        { kind: 'text', text: '访问', x: 5, y: 6, color: '#7F7F7F', align: 'left', baseline: 'top' },
        {
          kind: 'line',
          color: '#576b95',
          width: 2,
          points: [
            [0, 0],
            [10, 10],
          ],
        },
      ],
      box,
      2,
    )
    expect(calls).toEqual([
      'setTransform(2,0,0,2,0,0)',
      'clearRect(0,0,320,200)',
      'fillRect(1,2,3,4)',
      'fillText(访问,5,6)',
      'beginPath()',
      'moveTo(0,0)',
      'lineTo(10,10)',
      'stroke()',
    ])
  })
})
