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

  // ---- below the contract (issue 15): the words and the limits sit under both the rules and the contract ----

  it('keeps the rules below the contract: no rule file takes a value from a contract file or zod', () => {
    const contractSide = (file: string) => /^cloudfunctions\/core\/(contract\.ts|contracts\/)/.test(file)
    const offending = sources(path.join(ROOT, 'cloudfunctions/core'))
      .filter((file) => !contractSide(path.relative(ROOT, file)))
      .flatMap((file) =>
        valueSpecifiers(file)
          .filter((spec) => spec === 'zod' || contractSide(resolveLocal(file, spec) ?? ''))
          .map((spec) => `${path.relative(ROOT, file)} → ${spec}`),
      )
    expect(offending).toEqual([])
  })

  it('lets app code take only types from contract files and zod (limits and words come from core/limits, core/vocabulary)', () => {
    const offending = sources(path.join(ROOT, 'src')).flatMap((file) =>
      valueSpecifiers(file)
        .filter(
          (spec) =>
            spec === 'zod' || /^cloudfunctions\/core\/(contract\.ts|contracts\/)/.test(resolveLocal(file, spec) ?? ''),
        )
        .map((spec) => `${path.relative(ROOT, file)} → ${spec}`),
    )
    expect(offending).toEqual([])
  })

  it('keeps database calls in the repositories: no .collection( outside runtime/repos and the database layer', () => {
    const callers = sources(path.join(ROOT, 'cloudfunctions'))
      .map((file) => path.relative(ROOT, file))
      .filter((file) => /\.ts$/.test(file) && !file.startsWith('cloudfunctions/runtime/repos/'))
      .filter((file) => file !== 'cloudfunctions/runtime/db.ts')
      .filter((file) => /\.collection\(/.test(readFileSync(path.join(ROOT, file), 'utf8')))
    expect(callers).toEqual([])
  })

  it('has no import circle in the core, the runtime, the functions or the local cloud (type-only imports count too)', () => {
    const files = ['cloudfunctions', 'localcloud'].flatMap((dir) =>
      sources(path.join(ROOT, dir)).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts')),
    )
    const graph = new Map(files.map((f) => [path.relative(ROOT, f), localImports(f)]))
    expect(importCircles(graph)).toEqual([])
  })
})

/** Specifiers of a file's imports and re-exports that bring values (not `import type`, not `{ type A, type B }`). */
function valueSpecifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(
    /^(?:import|export)\s+([^'";]*?)\s*from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm,
  )) {
    const clause = (m[1] ?? '').trim()
    const names = /^\{([^}]*)\}$/.exec(clause)?.[1]
    const typeOnly =
      /^type\b/.test(clause) ||
      (names !== undefined &&
        names
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every((s) => s.startsWith('type ')))
    if (!typeOnly) out.push(m[2] ?? m[3])
  }
  for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1])
  return out
}

/** A local specifier (relative, @core/, @/) resolved to the root-relative path of a .ts/.tsx file, else null. */
function resolveLocal(from: string, spec: string): string | null {
  const base = spec.startsWith('@core/')
    ? path.join(ROOT, 'cloudfunctions/core', spec.slice(6))
    : spec.startsWith('@/')
      ? path.join(ROOT, 'src', spec.slice(2))
      : spec.startsWith('.')
        ? path.resolve(path.dirname(from), spec)
        : null
  if (!base) return null
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')])
    if (/\.tsx?$/.test(candidate) && isFile(candidate)) return path.relative(ROOT, candidate)
  return null
}

function isFile(candidate: string): boolean {
  try {
    return statSync(candidate).isFile()
  } catch {
    return false // missing, or a path through a file (styles.scss/index.ts)
  }
}

/** Every local file a file imports, type-only imports included. */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs = [
    ...text.matchAll(/^(?:import|export)\s+[^'";]*?\s*from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm),
  ].map((m) => m[1] ?? m[2])
  specs.push(...[...text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]))
  return [...new Set(specs.map((s) => resolveLocal(file, s)).filter((f): f is string => !!f))]
}

/** The strongly connected groups of more than one file (Tarjan), each sorted: the import circles. */
function importCircles(graph: Map<string, string[]>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const circles: string[][] = []
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        group.push(w)
      } while (w !== v)
      if (group.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(group.sort())
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return circles
}
