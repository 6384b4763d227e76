/**
 * The boundaries docs/architecture.md draws, checked on the source: the core is pure, production
 * function code never reaches into the local cloud, and the app never imports server code.
 */
import { readdirSync, readFileSync, statSync } from 'fs'
import path from 'path'

const ROOT = path.resolve(__dirname, '../..')

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name)
    if (name === 'node_modules' || name === 'index.js') continue
    if (statSync(full).isDirectory()) out.push(...sources(full))
    else if (/\.(ts|tsx|mjs|cjs|js)$/.test(name)) out.push(full)
  }
  return out
}

/** Every module specifier a file imports or requires, resolved to a root-relative path when local. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map(
    (m) => m[1],
  )
  return specs.map((s) => {
    if (s.startsWith('@core/')) return 'cloudfunctions/core/' + s.slice(6)
    if (s.startsWith('@/')) return 'src/' + s.slice(2)
    return s.startsWith('.') ? path.relative(ROOT, path.resolve(path.dirname(file), s)) : s
  })
}

function offenders(dir: string, forbidden: (spec: string) => boolean): string[] {
  return sources(path.join(ROOT, dir)).flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((spec) => `${path.relative(ROOT, file)} → ${spec}`),
  )
}

describe('architecture boundaries', () => {
  it('keeps the core pure: only its own files, zod and dayjs', () => {
    const allowed = (s: string) => s.startsWith('cloudfunctions/core/') || s === 'zod' || s.startsWith('dayjs')
    expect(offenders('cloudfunctions/core', (s) => !allowed(s))).toEqual([])
  })

  it('never lets function code import the local cloud', () => {
    expect(offenders('cloudfunctions', (s) => s.startsWith('localcloud'))).toEqual([])
  })

  it('keeps server code out of the app: no wx-server-sdk, runtime, functions or local cloud', () => {
    const serverSide = (s: string) =>
      s === 'wx-server-sdk' ||
      s.startsWith('localcloud') ||
      (s.startsWith('cloudfunctions/') && !s.startsWith('cloudfunctions/core/'))
    expect(offenders('src', serverSide)).toEqual([])
  })

  // The contract modules (@core/contract, @core/contracts/*) are zod by nature and covered above.
  it('keeps zod out of the bundle through the pure core modules the app imports values from (the product registry, term, time …)', () => {
    const valueImportsOf = (file: string): string[] => {
      const text = readFileSync(file, 'utf8')
      return [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1])
    }
    const resolve = (from: string, spec: string): string | null => {
      const base = spec.startsWith('@core/')
        ? path.join(ROOT, 'cloudfunctions/core', spec.slice(6))
        : spec.startsWith('.')
          ? path.resolve(path.dirname(from), spec)
          : null
      if (!base) return null
      for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')])
        if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate
      return null
    }
    const reachesZod: string[] = []
    for (const file of sources(path.join(ROOT, 'src'))) {
      const seen = new Set<string>()
      const queue = valueImportsOf(file)
        .filter((s) => s.startsWith('@core/') && !s.startsWith('@core/contract'))
        .map((s) => resolve(file, s))
        .filter((f): f is string => !!f)
      while (queue.length) {
        const mod = queue.pop()!
        if (seen.has(mod)) continue
        seen.add(mod)
        for (const spec of valueImportsOf(mod)) {
          if (spec === 'zod') reachesZod.push(`${path.relative(ROOT, file)} → ${path.relative(ROOT, mod)} → zod`)
          const next = resolve(mod, spec)
          if (next) queue.push(next)
        }
      }
    }
    expect([...new Set(reachesZod)]).toEqual([])
  })

  it('lets the app take only types from the contract, so zod stays out of the bundle', () => {
    const valueImports = sources(path.join(ROOT, 'src')).filter((file) =>
      /^import\s+(?!type\b)(?:(?!^import\b)[^;])*?from\s+['"]@core\/contract['"]/m.test(readFileSync(file, 'utf8')),
    )
    expect(valueImports.map((f) => path.relative(ROOT, f))).toEqual([])
  })
})
