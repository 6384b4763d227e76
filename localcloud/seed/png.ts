/**
 * A tiny PNG encoder (RGB, 8 bits, zlib from Node) and a few painters, so the demo has real
 * images without shipping binary files: gradients, soft shapes, skylines, bokeh, bars.
 */
import { deflateSync } from 'zlib'

// Module-local bindings: a global lookup per pixel is slow inside vm sandboxes (jest), fast here.
const { abs, ceil, floor, hypot, max, min, round, sin } = Math

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

export type RGB = [number, number, number]

/** A canvas of RGB floats 0–255, painted by the helpers below, then encoded. */
export class Canvas {
  readonly data: Float32Array
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Float32Array(width * height * 3)
  }

  /** Vertical/diagonal gradient between colours at stops 0..1 along direction (dx, dy). */
  gradient(stops: RGB[], dx = 0, dy = 1): this {
    const { width, height } = this
    const norm = abs(dx) * width + abs(dy) * height
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const t = min(1, max(0, ((dx >= 0 ? x : width - x) * abs(dx) + (dy >= 0 ? y : height - y) * abs(dy)) / norm))
        const scaled = t * (stops.length - 1)
        const i = min(stops.length - 2, floor(scaled))
        const f = scaled - i
        const o = (y * width + x) * 3
        for (let c = 0; c < 3; c++) this.data[o + c] = stops[i][c] * (1 - f) + stops[i + 1][c] * f
      }
    }
    return this
  }

  private blend(x: number, y: number, color: RGB, alpha: number): void {
    if (alpha <= 0 || x < 0 || y < 0 || x >= this.width || y >= this.height) return
    const o = (y * this.width + x) * 3
    for (let c = 0; c < 3; c++) this.data[o + c] = this.data[o + c] * (1 - alpha) + color[c] * alpha
  }

  /** A disc with a soft (anti-aliased or blurred) edge. */
  circle(cx: number, cy: number, r: number, color: RGB, alpha = 1, softness = 1.5): this {
    const pad = r + softness
    for (let y = floor(cy - pad); y <= ceil(cy + pad); y++) {
      for (let x = floor(cx - pad); x <= ceil(cx + pad); x++) {
        const d = hypot(x - cx, y - cy)
        const edge = min(1, max(0, (r + softness / 2 - d) / softness))
        this.blend(x, y, color, alpha * edge)
      }
    }
    return this
  }

  rect(x0: number, y0: number, w: number, h: number, color: RGB, alpha = 1): this {
    for (let y = max(0, floor(y0)); y < min(this.height, y0 + h); y++) {
      for (let x = max(0, floor(x0)); x < min(this.width, x0 + w); x++) this.blend(x, y, color, alpha)
    }
    return this
  }

  /** A filled ridge line: for each x, everything below f(x) takes the colour. */
  ridge(f: (x: number) => number, color: RGB, alpha = 1): this {
    for (let x = 0; x < this.width; x++) {
      const top = f(x)
      for (let y = max(0, floor(top)); y < this.height; y++) {
        this.blend(x, y, color, alpha * min(1, max(0, y + 1 - top)))
      }
    }
    return this
  }

  toPng(): Buffer {
    const { width, height } = this
    const raw = Buffer.alloc((width * 3 + 1) * height)
    for (let y = 0; y < height; y++) {
      const row = y * (width * 3 + 1)
      raw[row] = 0 // filter: none
      for (let i = 0; i < width * 3; i++) raw[row + 1 + i] = round(min(255, max(0, this.data[y * width * 3 + i])))
    }
    const header = Buffer.alloc(13)
    header.writeUInt32BE(width, 0)
    header.writeUInt32BE(height, 4)
    header[8] = 8 // bit depth
    header[9] = 2 // truecolour RGB
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw, { level: 6 })),
      chunk('IEND', Buffer.alloc(0)),
    ])
  }
}

/** Deterministic pseudo-random numbers, so a reseed draws the same pictures. */
export function random(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return ((s >>> 0) % 100_000) / 100_000
  }
}

export const hex = (value: string): RGB => [
  parseInt(value.slice(1, 3), 16),
  parseInt(value.slice(3, 5), 16),
  parseInt(value.slice(5, 7), 16),
]

const WHITE: RGB = [255, 255, 255]

export type Scene = 'dawn' | 'books' | 'bokeh' | 'bars' | 'waves' | 'desk'

/** A picture for a post or a cover, in a palette of 2–3 colours. */
export function paintScene(scene: Scene, palette: RGB[], width: number, height: number, seed: number): Buffer {
  const rnd = random(seed)
  const c = new Canvas(width, height)
  switch (scene) {
    case 'dawn': {
      c.gradient([palette[0], palette[1], palette[2] ?? palette[1]], 0, 1)
      c.circle(width * (0.3 + rnd() * 0.4), height * 0.55, height * 0.12, [255, 196, 130], 0.95, 6)
      const phase = rnd() * 6
      c.ridge((x) => height * 0.62 + sin(x / 90 + phase) * 18 + sin(x / 37) * 8, [70, 80, 110], 0.75)
      c.ridge((x) => height * 0.74 + sin(x / 140 + 2) * 22, [40, 48, 72], 0.9)
      break
    }
    case 'books': {
      c.gradient([palette[0], palette[1]], 1, 1)
      c.rect(0, height * 0.78, width, height * 0.22, [92, 64, 51], 0.9)
      let x = width * 0.08
      while (x < width * 0.9) {
        const w = 24 + rnd() * 30
        const h = height * (0.35 + rnd() * 0.3)
        const color: RGB = [60 + rnd() * 180, 60 + rnd() * 150, 60 + rnd() * 150]
        c.rect(x, height * 0.78 - h, w, h, color, 0.95)
        c.rect(x + w * 0.2, height * 0.78 - h * 0.8, w * 0.6, 4, WHITE, 0.6)
        x += w + 3
      }
      c.circle(width * 0.85, height * 0.2, height * 0.08, [255, 250, 230], 0.8, 4)
      break
    }
    case 'bokeh': {
      c.gradient([palette[0], palette[1]], 0.4, 1)
      for (let i = 0; i < 28; i++) {
        const color = palette[floor(rnd() * palette.length)]
        const tint: RGB = [(color[0] + 255) / 2, (color[1] + 255) / 2, (color[2] + 255) / 2]
        c.circle(rnd() * width, rnd() * height, 12 + rnd() * height * 0.12, tint, 0.18 + rnd() * 0.3, 8 + rnd() * 10)
      }
      c.circle(width * 0.5, height * 0.45, height * 0.2, [246, 218, 196], 0.9, 3)
      c.ridge((x) => height * 0.72 + ((x - width / 2) / (width * 0.3)) ** 2 * height * 0.1, [50, 50, 60], 0.85)
      break
    }
    case 'bars': {
      c.gradient(
        [
          [250, 250, 252],
          [236, 240, 246],
        ],
        0,
        1,
      )
      const n = 7
      for (let i = 0; i < n; i++) {
        const h = height * (0.2 + 0.55 * ((i + 1) / n) * (0.7 + rnd() * 0.3))
        c.rect(width * (0.1 + i * 0.115), height * 0.85 - h, width * 0.07, h, palette[i % palette.length], 0.9)
      }
      c.rect(width * 0.06, height * 0.85, width * 0.88, 3, [120, 120, 130], 1)
      break
    }
    case 'waves': {
      c.gradient([palette[0], palette[1]], 1, 0.3)
      for (let k = 0; k < 4; k++) {
        c.ridge(
          (x) => height * (0.45 + k * 0.13) + sin(x / (60 + k * 25) + k) * (14 + k * 4),
          palette[(k + 1) % palette.length],
          0.35,
        )
      }
      break
    }
    case 'desk': {
      c.gradient([palette[0], palette[1]], 0, 1)
      c.rect(width * 0.15, height * 0.2, width * 0.5, height * 0.55, WHITE, 0.92)
      for (let i = 0; i < 6; i++)
        c.rect(width * 0.2, height * (0.28 + i * 0.07), width * (0.3 + rnd() * 0.1), 5, [160, 160, 170], 0.8)
      c.circle(width * 0.78, height * 0.62, height * 0.11, palette[2] ?? palette[0], 0.95, 2)
      c.circle(width * 0.78, height * 0.62, height * 0.07, [90, 60, 40], 0.9, 2)
      break
    }
  }
  return c.toPng()
}

/** A round-feeling avatar: gradient background and a soft emblem. */
export function paintAvatar(palette: RGB[], seed: number, size = 240): Buffer {
  const rnd = random(seed)
  const c = new Canvas(size, size).gradient([palette[0], palette[1]], 1, 1)
  c.circle(size * 0.5, size * 0.42, size * 0.18, WHITE, 0.9, 2)
  c.ridge((x) => size * 0.72 + ((x - size / 2) / (size * 0.32)) ** 2 * size * 0.12, WHITE, 0.9)
  c.circle(size * (0.2 + rnd() * 0.6), size * 0.15, size * 0.05, WHITE, 0.35, 4)
  return c.toPng()
}
