/**
 * cloudfunctions/runtime/env.ts is the one list of the environment the functions read. These
 * checks keep it true: every variable the function sources read is in it, and each function's
 * shipped bundle reads exactly the table's variables listed for that function (so the deploy sets
 * each function what it reads, no more, no less). docs/configuration.md names every variable.
 */
import { spawnSync } from 'child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs'
import os from 'os'
import path from 'path'
import { ENV_TABLE, envVariable, readBy } from '../../cloudfunctions/runtime/env'

const ROOT = path.resolve(__dirname, '../..')
const FUNCTIONS = path.join(ROOT, 'cloudfunctions')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (name === 'node_modules') return []
    if (statSync(full).isDirectory()) return sources(full)
    return /\.ts$/.test(name) ? [full] : []
  })
}

/** `process.env.X`, `env.X`, `env['X']`, `env["X"]`, `process.env[...]` with a literal: the names. */
function namesRead(text: string): string[] {
  const found = new Set<string>()
  for (const m of text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])/g))
    found.add(m[1] ?? m[2])
  return [...found].sort()
}

const functionNames = readdirSync(FUNCTIONS)
  .filter((d) => !['core', 'runtime', 'node_modules'].includes(d) && statSync(path.join(FUNCTIONS, d)).isDirectory())
  .filter((d) => readdirSync(path.join(FUNCTIONS, d)).includes('index.ts'))
  .sort()

describe('the environment table (cloudfunctions/runtime/env.ts)', () => {
  it('lists every environment variable the function sources read', () => {
    const missing = sources(FUNCTIONS).flatMap((file) =>
      namesRead(readFileSync(file, 'utf8'))
        .filter((name) => !envVariable(name))
        .map((name) => `${path.relative(ROOT, file)} reads ${name}`),
    )
    expect(missing).toEqual([])
  })

  it('names only functions that exist, each variable once, and a description for each', () => {
    const names = ENV_TABLE.map((v) => v.name)
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([])
    for (const v of ENV_TABLE) {
      expect(v.description.length).toBeGreaterThan(10)
      if (v.functions !== '*') expect(v.functions.filter((f) => !functionNames.includes(f))).toEqual([])
    }
  })

  describe('against the shipped bundles', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'quanzi-env-bundles-'))
    const bundle = (fn: string) => readFileSync(path.join(out, fn, 'index.js'), 'utf8')
    beforeAll(() => {
      const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-functions.mjs'), '--out', out], {
        cwd: ROOT,
        encoding: 'utf8',
      })
      expect(res.stderr).toBe('')
    })
    afterAll(() => rmSync(out, { recursive: true, force: true }))

    it('lists for each function exactly the variables its shipped bundle reads', () => {
      const problems: string[] = []
      for (const fn of functionNames) {
        // The bundle holds libraries too (axios reads NO_PROXY, debug reads DEBUG …): only the
        // table's own names count.
        const read = new Set(namesRead(bundle(fn)).filter((n) => envVariable(n)))
        for (const v of ENV_TABLE) {
          if (read.has(v.name) && !readBy(v, fn)) problems.push(`${fn} reads ${v.name}, not listed for it`)
          if (!read.has(v.name) && readBy(v, fn))
            problems.push(`${v.name} is listed for ${fn}, whose bundle never reads it`)
        }
      }
      expect(problems).toEqual([])
    })

    it('uses nothing CloudBase’s Node 18 lacks (Node 19+ globals, Node 20+ methods)', () => {
      // What the developer's Node has and runtime Nodejs18.15 has not. The local cloud runs the
      // bundles on Node 18 (test/localcloud), but only the code paths the tests reach; this looks
      // at all of it. Guarded feature checks (`typeof navigator < "u"`) are fine.
      const newer = [
        /\.(toSorted|toReversed|toSpliced|isWellFormed|toWellFormed)\(/,
        /\b(Object|Map)\.groupBy\(/,
        /\b(Array\.fromAsync|Promise\.withResolvers)\(/,
        /\bnew File\(/,
        /(^|[^.\w])crypto\.(subtle|getRandomValues|randomUUID)\b(?![^;]{0,80}require)/,
        /(^|[^.\w])navigator\.(?!userAgent)/,
      ]
      const problems = functionNames.flatMap((fn) => {
        const text = bundle(fn)
        return newer.filter((re) => re.test(text)).map((re) => `${fn}: ${re.exec(text)![0]}`)
      })
      expect(problems).toEqual([])
    })
  })

  it('is documented: docs/configuration.md names every variable', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8')
    expect(ENV_TABLE.map((v) => v.name).filter((name) => !doc.includes(`\`${name}\``))).toEqual([])
  })
})
