#!/usr/bin/env node
// Bundles each cloud function (cloudfunctions/<name>/index.ts) with everything it imports into
// cloudfunctions/<name>/index.js, so the folder deploys as is. wx-server-sdk stays external: the
// folder's package.json installs it in CloudBase (and the local cloud resolves it from the root).
// `core` and `runtime` are libraries bundled into the functions, not functions.
//
//   node scripts/build-functions.mjs [--dir <functions folder>] [--out <folder>] [--minify] [name …]
// --out writes <folder>/<name>/ (index.js, its map, config.json, package.json) instead of in place.
import { build } from 'esbuild'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const LIBRARIES = new Set(['core', 'runtime', 'node_modules'])

/**
 * The CloudBase runtime every function is created with (config.json `runtime`) and the Node the
 * local cloud runs them on: one place, localcloud/cloud-node/package.json. The bundles target it.
 */
export const CLOUD_RUNTIME = JSON.parse(
  readFileSync(path.join(ROOT, 'localcloud', 'cloud-node', 'package.json'), 'utf8'),
).cloudbase

/**
 * zod re-exports its ~40 message locales (≈ 360 KB, half a bundle) through a namespace that no
 * bundler can drop. The functions never use them — every message comes from core/errors.ts — so
 * the bundle gets an empty module in their place. Nothing reads `z.locales`.
 */
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.c?js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`) ? { path: 'zod-locales', namespace: 'empty' } : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {}', loader: 'js' }))
  },
}

export function listFunctionSources(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !LIBRARIES.has(d.name) && existsSync(path.join(dir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort()
}

/** Newest modification time of the files under `target` (folders walked, dot-folders and node_modules skipped). */
export function newestMtime(target, skip = () => false) {
  if (!existsSync(target)) return 0
  const stat = statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const full = path.join(target, entry.name)
    if (skip(full)) continue
    newest = Math.max(newest, newestMtime(full, skip))
  }
  return newest
}

/**
 * True when every function's bundle is newer than everything a bundle is made from: the sources
 * under the functions folder (bundles and maps aside), this script, package.json, tsconfig.json
 * and the lock file (dependency versions).
 */
export function functionsUpToDate(dir = path.join(ROOT, 'cloudfunctions'), names = listFunctionSources(dir)) {
  if (!names.length) return false
  const oldest = Math.min(
    ...names.map((n) => {
      const file = path.join(dir, n, 'index.js')
      return existsSync(file) ? statSync(file).mtimeMs : 0
    }),
  )
  const isOutput = (file) => /[\\/]index\.js(\.map)?$/.test(file) && existsSync(file.replace(/\.js(\.map)?$/, '.ts'))
  const inputs = Math.max(
    newestMtime(dir, isOutput),
    ...['scripts/build-functions.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'].map((f) =>
      newestMtime(path.join(ROOT, f)),
    ),
  )
  return oldest > 0 && oldest >= inputs
}

/**
 * Builds the functions in parallel; resolves with [{ name, bytes, ms }]. Throws on a build error.
 * `ifStale`: builds nothing (resolves with []) when the bundles in place are up to date (npm start).
 */
export async function buildFunctions({
  dir = path.join(ROOT, 'cloudfunctions'),
  out,
  names,
  minify = false,
  quiet = false,
  ifStale = false,
} = {}) {
  const started = Date.now()
  const selected = names?.length ? names : listFunctionSources(dir)
  if (ifStale && !out && functionsUpToDate(dir, selected)) {
    if (!quiet) console.log(`  ${selected.length} functions up to date (cloudfunctions/*/index.js)`)
    return []
  }
  const results = await Promise.all(
    selected.map(async (name) => {
      const t0 = Date.now()
      const outDir = path.join(out ?? dir, name)
      const outfile = path.join(outDir, 'index.js')
      if (out) {
        mkdirSync(outDir, { recursive: true })
        for (const file of ['config.json', 'package.json']) {
          if (existsSync(path.join(dir, name, file))) copyFileSync(path.join(dir, name, file), path.join(outDir, file))
        }
      }
      await build({
        entryPoints: [path.join(dir, name, 'index.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        // the CloudBase Node.js runtime this project deploys to (e.g. node18 for Nodejs18.15)
        target: CLOUD_RUNTIME.esbuildTarget,
        format: 'cjs',
        external: ['wx-server-sdk'],
        // ESM entry points let esbuild drop what the functions do not import.
        mainFields: ['module', 'main'],
        plugins: [zodWithoutLocales],
        sourcemap: true,
        sourcesContent: false,
        // Whitespace and syntax only by default: names stay, so CloudBase logs read as source.
        minifyWhitespace: true,
        minifySyntax: true,
        minifyIdentifiers: minify,
        keepNames: true,
        tsconfig: path.join(ROOT, 'tsconfig.json'),
        logLevel: 'silent',
        legalComments: 'none',
        banner: { js: `// Built by scripts/build-functions.mjs from ${name}/index.ts. Do not edit.` },
      })
      return { name, bytes: statSync(outfile).size, ms: Date.now() - t0 }
    }),
  )
  if (!quiet) {
    for (const r of results) {
      console.log(`  ${r.name.padEnd(14)} ${(r.bytes / 1024).toFixed(1).padStart(7)} KB  index.js`)
    }
    console.log(`built ${results.length} function${results.length === 1 ? '' : 's'} in ${Date.now() - started} ms`)
  }
  return results
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const valueOf = (flag) => (args.includes(flag) ? path.resolve(args[args.indexOf(flag) + 1]) : undefined)
  const values = new Set(['--dir', '--out'].map((f) => args.indexOf(f) + 1).filter((i) => i > 0))
  const names = args.filter((a, i) => !a.startsWith('--') && !values.has(i))
  buildFunctions({ dir: valueOf('--dir'), out: valueOf('--out'), names, minify: args.includes('--minify') }).catch(
    (err) => {
      console.error(err.errors ? err.message : err)
      process.exit(1)
    },
  )
}
