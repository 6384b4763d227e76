#!/usr/bin/env node
// Runs after the production weapp build (`npm run build:weapp`). Fails when the bundle would be
// refused by WeChat or could not start, or breaks the project's budgets (docs/performance.md):
//   · every page listed in dist/weapp/app.json (main pages and each subpackage's pages) has its
//     .js, .wxml and .json;
//   · the main package and each subpackage are under WeChat's 2 MB per-package limit, and all of
//     them together under the 20 MB total;
//   · the main package is at most 380 KiB (what first start downloads before anything shows);
//   · no page's JS is over 60 KiB: the page's own .js and every script of its subpackage it
//     requires (sub-common, sub-vendors), what opening it loads beyond the main package.
// Prints each package's bytes, the main package against its limit and the 350 KiB aim, and the
// heaviest pages.
//
//   node scripts/check-weapp.mjs [--dist <folder>] [--json]
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

// WeChat's rules: 2 MB per package (main and each subpackage), 20 MB for the whole mini-program.
export const PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024
export const TOTAL_LIMIT_BYTES = 20 * 1024 * 1024
// The project's own budgets: first start downloads the main package before anything shows, and
// opening a page loads its scripts. The aim leaves room under the limit for what comes next.
export const MAIN_LIMIT_BYTES = 380 * 1024
export const MAIN_AIM_BYTES = 350 * 1024
export const PAGE_JS_LIMIT_BYTES = 60 * 1024
/** @deprecated the old name of MAIN_LIMIT_BYTES */
export const MAIN_TARGET_BYTES = MAIN_LIMIT_BYTES

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

/** The scripts a script requires (`require("../../sub-vendors.js")` and the like), as dist-relative paths. */
export function requiredScripts(source, rel) {
  const out = []
  for (const m of source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    if (!m[1].startsWith('.')) continue
    let target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]))
    if (!target.endsWith('.js')) target += '.js'
    out.push(target)
  }
  return out
}

/**
 * A page's JS: its own .js plus every script of its own package it requires, transitively
 * (sub-common chunks, sub-vendors). Scripts of the main package are counted in the main package,
 * not here. `read(rel)` answers a script's text, or null when it does not exist.
 * Returns { own, bytes, scripts }.
 */
export function pageScriptBytes(page, root, read) {
  const seen = new Map()
  const visit = (rel) => {
    if (seen.has(rel)) return
    const text = read(rel)
    if (text === null) return
    seen.set(rel, Buffer.byteLength(text))
    for (const next of requiredScripts(text, rel)) {
      if (!root || next.startsWith(root + '/')) visit(next)
    }
  }
  visit(`${page}.js`)
  const own = seen.get(`${page}.js`) ?? 0
  const bytes = [...seen.values()].reduce((sum, b) => sum + b, 0)
  return { own, bytes, scripts: [...seen.keys()] }
}

/**
 * Measures a weapp dist. Returns { packages: [{ name, root, bytes, files, pages }], pages: [{ page,
 * package, own, bytes }], problems: [...] }.
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
  if (packages[0].bytes > MAIN_LIMIT_BYTES) {
    problems.push(`main package is ${fmt(packages[0].bytes)}, over the project's ${MAIN_LIMIT_BYTES / 1024} KiB limit`)
  }

  const read = (rel) => {
    const file = path.join(dist, rel)
    return existsSync(file) ? readFileSync(file, 'utf8') : null
  }
  const pages = packages
    .flatMap((pkg) => pkg.pages.map((page) => ({ page, package: pkg.name, ...pageScriptBytes(page, pkg.root, read) })))
    .map(({ scripts: _scripts, ...p }) => p)
    .sort((a, b) => b.bytes - a.bytes)
  for (const p of pages) {
    if (p.bytes > PAGE_JS_LIMIT_BYTES) {
      problems.push(
        `page ${p.page} loads ${fmt(p.bytes)} of JS (its own ${fmt(p.own)}), over the ${PAGE_JS_LIMIT_BYTES / 1024} KiB per-page limit`,
      )
    }
  }
  return { packages, pages, total, problems }
}

function fmt(bytes) {
  return `${bytes.toLocaleString('en-US')} B (${(bytes / 1024).toFixed(1)} KiB)`
}

function main() {
  const args = process.argv.slice(2)
  const distIndex = args.indexOf('--dist')
  const dist = distIndex >= 0 ? path.resolve(args[distIndex + 1]) : path.join(ROOT, 'dist', 'weapp')
  const { packages, pages, total, problems } = inspectWeapp(dist)

  if (args.includes('--json')) {
    console.log(JSON.stringify({ packages, pages, total, problems }, null, 2))
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
    const verdict =
      mainPkg.bytes > MAIN_LIMIT_BYTES
        ? 'OVER the limit'
        : mainPkg.bytes > MAIN_AIM_BYTES
          ? 'within the limit, over the aim'
          : 'within'
    console.log(
      `main package ${(mainPkg.bytes / 1024).toFixed(1)} KiB: limit ${MAIN_LIMIT_BYTES / 1024} KiB, aim ${MAIN_AIM_BYTES / 1024} KiB: ${verdict}`,
    )
    console.log(
      `heaviest pages (own .js + the subpackage scripts it requires; limit ${PAGE_JS_LIMIT_BYTES / 1024} KiB):`,
    )
    for (const p of pages.slice(0, 5)) {
      console.log(
        `  ${p.page.padEnd(46)} ${(p.bytes / 1024).toFixed(1).padStart(8)} KiB  (own ${(p.own / 1024).toFixed(1)} KiB)`,
      )
    }
  }

  if (problems.length) {
    console.error(`\ncheck-weapp: ${problems.length} problem${problems.length === 1 ? '' : 's'}:`)
    for (const p of problems) console.error(`  ✗ ${p}`)
    process.exit(1)
  }
  console.log(
    `check-weapp: every page present, every package under 2 MB, main package ≤ ${MAIN_LIMIT_BYTES / 1024} KiB, every page's JS ≤ ${PAGE_JS_LIMIT_BYTES / 1024} KiB`,
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main()
