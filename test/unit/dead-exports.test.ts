/**
 * Server code exports nothing that nobody uses: an exported name that appears nowhere else in the
 * repository (functions, local cloud, scripts, app, tests) and only once in its own file (its
 * declaration) is dead code. The functions' actions.ts and index.ts are read through
 * `import * as actions` and the deploy, so their exports are left out.
 */
import { readdirSync, readFileSync, statSync } from 'fs'
import path from 'path'

const ROOT = path.resolve(__dirname, '../..')

function files(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name)
    if (name === 'node_modules' || name === 'index.js') continue
    if (statSync(full).isDirectory()) out.push(...files(full))
    else if (/\.(ts|tsx|mjs|cjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(full)
  }
  return out
}

describe('dead exports', () => {
  it('leaves no exported declaration in the server code that nothing uses', () => {
    const all = ['cloudfunctions', 'localcloud', 'scripts', 'src', 'test'].flatMap((d) => files(path.join(ROOT, d)))
    const words = new Map<string, Map<string, number>>()
    for (const file of all) {
      const counts = new Map<string, number>()
      for (const [w] of readFileSync(file, 'utf8').matchAll(/[A-Za-z_$][\w$]*/g))
        counts.set(w, (counts.get(w) ?? 0) + 1)
      words.set(file, counts)
    }
    const server = all.filter(
      (f) =>
        /^(cloudfunctions|localcloud|scripts)\//.test(path.relative(ROOT, f)) &&
        f.endsWith('.ts') &&
        !/cloudfunctions\/[^/]+\/(actions|index)\.ts$/.test(f),
    )
    const dead: string[] = []
    for (const file of server) {
      const text = readFileSync(file, 'utf8')
      const names = [
        ...text.matchAll(
          /^export\s+(?:declare\s+)?(?:async\s+)?(?:const|let|function|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm,
        ),
      ].map((m) => m[1])
      for (const name of names) {
        if ((words.get(file)!.get(name) ?? 0) > 1) continue
        if (all.some((other) => other !== file && words.get(other)!.has(name))) continue
        dead.push(`${path.relative(ROOT, file)}: ${name}`)
      }
    }
    expect(dead).toEqual([])
  })
})
