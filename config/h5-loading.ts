/**
 * The H5 loading path (docs/performance.md): each page is its own chunk (Taro's router imports
 * every page with import()), and index.html carries an inline bootstrap (config/h5-boot.js) that
 * preloads the chunk of the page the address opens and starts that page's first data calls, so
 * both travel while the app script is still arriving.
 *
 * This plugin learns which files each page needs (the page's async chunk group: its own chunk and
 * the shared chunks split out of it, JS and CSS) and writes the bootstrap, with that table, into
 * index.html in front of the app's scripts. It also writes the table to h5-routes.json beside
 * index.html, for the bench (first-load bytes of a page) and for tests.
 */
import fs from 'fs'
import path from 'path'
import type { Compiler } from 'webpack'

export const BOOT_SOURCE = path.join(__dirname, 'h5-boot.js')
export const ROUTES_FILE = 'h5-routes.json'

/** The page a dynamic import() of Taro's router loads: "./packageCircle/pages/circle/index" → "packageCircle/pages/circle/index". */
export function pageOfRequest(request: string, sourceDir: string): string | null {
  let r = request.split('?')[0].split('!').pop() ?? ''
  if (path.isAbsolute(r)) r = path.relative(sourceDir, r)
  r = r
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .replace(/\.(tsx?|jsx?)$/, '')
  return /^(?:[\w-]+\/)*pages\/[\w-]+\/index$/.test(r) ? r : null
}

/** The bootstrap as it goes into index.html: the table and the first page filled in. */
export function bootScript(source: string, routes: Record<string, string[]>, home: string): string {
  const call = '(window, document, __ROUTES__, __HOME__)'
  if (!source.includes(call)) throw new Error(`h5-loading: the bootstrap does not end with ${call}`)
  return source.replace(call, `(window, document, ${JSON.stringify(routes)}, ${JSON.stringify(home)})`)
}

async function minify(code: string): Promise<string> {
  // terser is what webpack minifies the app with (through terser-webpack-plugin).
  const runner = require.resolve('@tarojs/webpack5-runner')
  const twp = require.resolve('terser-webpack-plugin', { paths: [runner] })
  const terser = (await import(require.resolve('terser', { paths: [twp] }))) as typeof import('terser')
  const out = await terser.minify(code, { ecma: 2015, compress: true, mangle: true })
  if (!out.code) throw new Error('h5-loading: terser returned no code for the bootstrap')
  return out.code
}

export class H5LoadingPlugin {
  constructor(private readonly options: { sourceDir: string; home: string; minify?: boolean }) {}

  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('H5LoadingPlugin', (compilation) => {
      compilation.hooks.processAssets.tapPromise(
        // after html-webpack-plugin wrote index.html (stage OPTIMIZE_INLINE)
        { name: 'H5LoadingPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_TRANSFER },
        async () => {
          const publicPath = String(compilation.outputOptions.publicPath ?? '/').replace(/auto$/, '/')
          const routes: Record<string, string[]> = {}
          for (const group of compilation.chunkGroups) {
            if (group.isInitial()) continue
            const pages = new Set<string>()
            for (const origin of group.origins) {
              const page = origin.request && pageOfRequest(origin.request, this.options.sourceDir)
              if (page) pages.add(page)
            }
            if (pages.size === 0) continue
            const files = group
              .getFiles()
              .filter((f) => /\.(js|css)$/.test(f))
              // CSS first: a page's import() waits for its stylesheet as well as its script
              .sort((a, b) => Number(b.endsWith('.css')) - Number(a.endsWith('.css')))
              .map((f) => publicPath + f)
            for (const page of pages) routes[page] = files
          }
          const html = compilation.getAsset('index.html')
          if (!html) return
          if (!routes[this.options.home])
            throw new Error(`h5-loading: no chunk found for the first page ${this.options.home}`)
          let boot = bootScript(fs.readFileSync(BOOT_SOURCE, 'utf8'), routes, this.options.home)
          if (this.options.minify !== false) boot = await minify(boot)
          const text = html.source.source().toString()
          const at = text.indexOf('</title>')
          if (at < 0) throw new Error('h5-loading: index.html has no </title> to put the bootstrap after')
          // The app's own scripts first, at a preload's high priority: a deferred script is fetched
          // at low priority, behind the page's chunks the bootstrap preloads, and it is the longest.
          const appScripts = [...text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1])
          const preloads = appScripts.map((src) => `<link rel="preload" as="script" href="${src}">`).join('')
          const out = text.slice(0, at + 8) + preloads + `<script>${boot}</script>` + text.slice(at + 8)
          compilation.updateAsset('index.html', new sources.RawSource(out))
          compilation.emitAsset(ROUTES_FILE, new sources.RawSource(JSON.stringify(routes, null, 2) + '\n'))
        },
      )
    })
  }
}

/** Writes each chunk's files, origins and modules as JSON (QZ_H5_STATS=<file>; a diagnosis aid). */
export class H5StatsPlugin {
  constructor(private readonly file: string) {}

  apply(compiler: Compiler): void {
    compiler.hooks.done.tap('H5StatsPlugin', (stats) => {
      const json = stats.toJson({
        all: false,
        assets: true,
        chunks: true,
        chunkModules: true,
        chunkModulesSpace: Infinity,
        chunkOrigins: true,
        chunkRelations: true,
        nestedModules: true,
        nestedModulesSpace: Infinity,
        dependentModules: true,
        ids: true,
      })
      fs.writeFileSync(this.file, JSON.stringify(json))
    })
  }
}
