#!/usr/bin/env node
// `npm start`: the whole product on http://localhost:10086 (PORT to change), no WeChat account.
//   1. builds the cloud functions (scripts/build-functions.mjs)
//   2. builds the H5 app when dist/h5 is missing or older than its sources
//   3. starts the local cloud (localcloud/, bundled on the fly into node_modules/.cache)
//   4. seeds the demo on an empty database; prints the URL and the demo users
// `npm run reset` (--reset-only): wipe + reseed, then exit (asks a running server to do it).
// Flags: --no-h5 (skip the H5 build), --rebuild-h5 (always build it).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { buildFunctions, newestMtime as newestInput } from './build-functions.mjs'

const startedAt = Date.now()
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = new Set(process.argv.slice(2))
const resetOnly = args.has('--reset-only')

async function bundleLocalCloud() {
  const outfile = path.join(ROOT, 'node_modules', '.cache', 'quanzi-localcloud', 'main.cjs')
  // The bundle is remade only when something it is made from changed (a built checkout starts at
  // once). The stamp beside it names the checkout and its inputs' time, so a cache folder shared
  // by two checkouts (hard links) never serves one the other's bundle; both are written by rename.
  const isFunctionBundle = (file) => /[\\/]index\.js(\.map)?$/.test(file)
  const inputs = Math.max(
    newestInput(path.join(ROOT, 'localcloud')),
    newestInput(path.join(ROOT, 'cloudfunctions'), isFunctionBundle),
    ...['scripts/start.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'].map((f) =>
      newestInput(path.join(ROOT, f)),
    ),
  )
  const stampFile = `${outfile}.stamp.json`
  const stamp = JSON.stringify({ root: ROOT, inputs })
  const fresh = existsSync(outfile) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp
  if (!fresh) {
    // built beside, then moved in: the map keeps its name (main.cjs.map, which the bundle names)
    const tmp = path.join(path.dirname(outfile), `.build-${process.pid}`, 'main.cjs')
    await bundle(tmp)
    renameSync(`${tmp}.map`, `${outfile}.map`)
    renameSync(tmp, outfile)
    rmSync(path.dirname(tmp), { recursive: true, force: true })
    writeFileSync(`${stampFile}.${process.pid}.tmp`, stamp)
    renameSync(`${stampFile}.${process.pid}.tmp`, stampFile)
  }
  process.setSourceMapsEnabled(true)
  return createRequire(import.meta.url)(outfile)
}

async function bundle(outfile) {
  await build({
    entryPoints: [path.join(ROOT, 'localcloud', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
  })
}

/** Newest modification time under a folder (files only), 0 when it does not exist. */
function newestMtime(target) {
  if (!existsSync(target)) return 0
  const stat = statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)))
  }
  return newest
}

function buildH5IfStale() {
  if (args.has('--no-h5')) return
  if (!existsSync(path.join(ROOT, 'src', 'app.tsx')) && !existsSync(path.join(ROOT, 'src', 'app.ts'))) {
    console.log('h5: no app sources in src/ yet, skipping the H5 build')
    return
  }
  const built = path.join(ROOT, 'dist', 'h5', 'index.html')
  const sources = Math.max(
    ...['src', 'config', 'package.json', 'babel.config.js', 'cloudfunctions/core'].map((p) =>
      newestMtime(path.join(ROOT, p)),
    ),
  )
  if (!args.has('--rebuild-h5') && existsSync(built) && statSync(built).mtimeMs >= sources) {
    console.log('h5: dist/h5 is up to date')
    return
  }
  console.log('h5: building the app (npx taro build --type h5) …')
  const t0 = Date.now()
  const result = spawnSync('npx', ['taro', 'build', '--type', 'h5'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (result.status !== 0) {
    console.error(`${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n'))
    console.error('h5: the build FAILED (above); the local cloud still starts and / explains how to build')
    return
  }
  console.log(`h5: built in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
}

try {
  const localCloud = await bundleLocalCloud()
  // before anything else runs: never start next to real cloud credentials
  localCloud.assertNoRealCredentials()
  console.log('functions:')
  await buildFunctions({ ifStale: true })
  if (!resetOnly) buildH5IfStale()
  await localCloud.run({ root: ROOT, resetOnly, startedAt })
} catch (err) {
  if (err?.name === 'RealCredentialsError') {
    console.error(err.message)
    process.exit(2)
  }
  if (err?.code === 'EADDRINUSE') {
    console.error(`Port ${err.port} is in use (another npm start?). Set PORT to use another one.`)
    process.exit(1)
  }
  console.error(err?.errors ? err.message : err)
  process.exit(1)
}
