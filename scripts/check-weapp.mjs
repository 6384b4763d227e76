#!/usr/bin/env node
// Runs after the production weapp build (`npm run build:weapp`). Fails when the bundle would be
// refused by WeChat or could not start:
//   · every page listed in dist/weapp/app.json (main pages and each subpackage's pages) has its
//     .js, .wxml and .json;
//   · the main package and each subpackage are under WeChat's 2 MB per-package limit, and all of
//     them together under the 20 MB total.
// Prints each package's bytes, and the main package against the 600 KiB target (a target, not a
// failure: the framework floor alone is ≈ 300 KB).
//
//   node scripts/check-weapp.mjs [--dist <folder>] [--json]
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

// WeChat's rules: 2 MB per package (main and each subpackage), 20 MB for the whole mini-program.
export const PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024
export const TOTAL_LIMIT_BYTES = 20 * 1024 * 1024
// The project's own budget for the main package: first start downloads it before anything shows.
export const MAIN_TARGET_BYTES = 600 * 1024

const PAGE_FILES = ['.js', '.wxml', '.json']
// Not uploaded by the WeChat tools: project settings and source maps.
const NOT_SHIPPED = (rel) => /(^|\/)project(\.private)?\.config\.json$/.test(rel) || rel.endsWith('.map')

function walk(dir, base = dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(full, base, out)
    else if (entry.isFile())
      out.push({ rel: path.relative(base, full).split(path.sep).join('/'), bytes: statSync(full).size })
  }
  return out
}

/**
 * Measures a weapp dist. Returns { packages: [{ name, root, bytes, files, pages }], problems: [...] }.
 * The main package is everything outside the subpackage roots (shared chunks included).
 */
export function inspectWeapp(dist = path.join(ROOT, 'dist', 'weapp')) {
  const appJsonPath = path.join(dist, 'app.json')
  if (!existsSync(appJsonPath)) {
    return {
      packages: [],
      problems: [
        `${path.relative(ROOT, appJsonPath)} is missing: build the mini-program first (npx taro build --type weapp)`,
      ],
    }
  }
  const app = JSON.parse(readFileSync(appJsonPath, 'utf8'))
  const subpackages = (app.subPackages ?? app.subpackages ?? []).map((s) => ({
    name: s.name ?? s.root.replace(/\/+$/, ''),
    root: s.root.replace(/\/+$/, ''),
    pages: (s.pages ?? []).map((p) => `${s.root.replace(/\/+$/, '')}/${p}`),
    independent: Boolean(s.independent),
  }))
  const main = { name: 'main', root: '', pages: app.pages ?? [], independent: false }
  const packages = [main, ...subpackages].map((p) => ({ ...p, bytes: 0, files: 0 }))
  const problems = []

  for (const file of walk(dist)) {
    if (NOT_SHIPPED(file.rel)) continue
    const owner =
      packages.find((p) => p.root && (file.rel === p.root || file.rel.startsWith(p.root + '/'))) ?? packages[0]
    owner.bytes += file.bytes
    owner.files += 1
  }

  if (!main.pages.length) problems.push('app.json lists no pages')
  for (const pkg of packages) {
    for (const page of pkg.pages) {
      const missing = PAGE_FILES.filter((ext) => !existsSync(path.join(dist, page + ext)))
      if (missing.length)
        problems.push(`page ${page} (${pkg.name} package) is missing ${missing.map((e) => page + e).join(', ')}`)
    }
    if (pkg.bytes > PACKAGE_LIMIT_BYTES) {
      problems.push(
        `${pkg.name} package is ${fmt(pkg.bytes)}, over WeChat's 2 MB per-package limit (${fmt(PACKAGE_LIMIT_BYTES)})`,
      )
    }
  }
  const total = packages.reduce((sum, p) => sum + p.bytes, 0)
  if (total > TOTAL_LIMIT_BYTES) problems.push(`all packages together are ${fmt(total)}, over WeChat's 20 MB total`)
  return { packages, total, problems }
}

function fmt(bytes) {
  return `${bytes.toLocaleString('en-US')} B (${(bytes / 1024).toFixed(1)} KiB)`
}

function main() {
  const args = process.argv.slice(2)
  const distIndex = args.indexOf('--dist')
  const dist = distIndex >= 0 ? path.resolve(args[distIndex + 1]) : path.join(ROOT, 'dist', 'weapp')
  const { packages, total, problems } = inspectWeapp(dist)

  if (args.includes('--json')) {
    console.log(JSON.stringify({ packages, total, problems }, null, 2))
  } else if (packages.length) {
    console.log(`weapp packages (${path.relative(process.cwd(), dist) || '.'}):`)
    for (const p of packages) {
      const label = p.root ? `${p.name} (${p.root}/)` : 'main'
      const share = `${((p.bytes / PACKAGE_LIMIT_BYTES) * 100).toFixed(0)}% of 2 MB`
      console.log(
        `  ${label.padEnd(32)} ${p.bytes.toLocaleString('en-US').padStart(11)} B  ${(p.bytes / 1024).toFixed(1).padStart(8)} KiB  ${String(p.pages.length).padStart(2)} pages  ${share}`,
      )
    }
    console.log(
      `  ${'total'.padEnd(32)} ${total.toLocaleString('en-US').padStart(11)} B  ${(total / 1024).toFixed(1).padStart(8)} KiB`,
    )
    const mainPkg = packages[0]
    const within = mainPkg.bytes <= MAIN_TARGET_BYTES
    console.log(
      `main package ${(mainPkg.bytes / 1024).toFixed(1)} KiB against the 600 KiB target: ${within ? 'within' : 'OVER (target, not a failure)'}`,
    )
  }

  if (problems.length) {
    console.error(`\ncheck-weapp: ${problems.length} problem${problems.length === 1 ? '' : 's'}:`)
    for (const p of problems) console.error(`  ✗ ${p}`)
    process.exit(1)
  }
  console.log('check-weapp: every page present, every package under 2 MB')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main()
