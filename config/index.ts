import { writeFileSync } from 'fs'
import path from 'path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'
import { H5LoadingPlugin, H5StatsPlugin } from './h5-loading'
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { COMPONENTS_FILE, QUERY: COMPONENTS_QUERY } = require('./h5-components/shared')

const root = path.resolve(__dirname, '..')
/** A package as Taro's webpack runner resolves it (the same copy its own config uses). */
const fromTaroRunner = (name: string) =>
  require.resolve(name, { paths: [path.dirname(require.resolve('@tarojs/webpack5-runner'))] })
// The app's first page (src/app.config.ts pages[0]): where an address without a route lands.
const HOME_PAGE = 'pages/discover/index'

// The mini-program's minifier (docs/performance.md). Taro's defaults for mini-programs turn most of
// terser's compressions off and escape every Chinese character as \uXXXX (6 bytes where UTF-8 takes
// 3). WeChat reads every .js as UTF-8, and the output stays ES2017 (test/weapp/syntax.test.ts).
const WEAPP_TERSER = {
  compress: {
    ecma: 2017,
    arrows: true,
    collapse_vars: true,
    comparisons: true,
    computed_props: true,
    hoist_props: true,
    inline: true,
    loops: true,
    negate_iife: true,
    properties: true,
    reduce_funcs: true,
    reduce_vars: true,
    switches: true,
    typeofs: true,
    passes: 2,
  },
  output: { ecma: 2017, comments: false, ascii_only: false },
}

/** QZ_WEBPACK_STATS=<file>: the build writes webpack's module stats there (which module sits in which chunk). */
class WriteStats {
  apply(compiler: {
    hooks: { done: { tap: (name: string, fn: (stats: { toJson(options: object): unknown }) => void) => void } }
  }) {
    compiler.hooks.done.tap('qz-stats', (stats) => {
      const json = stats.toJson({
        all: false,
        modules: true,
        chunks: true,
        ids: true,
        reasons: true,
        nestedModules: true,
      })
      writeFileSync(process.env.QZ_WEBPACK_STATS!, JSON.stringify(json))
    })
  }
}

// designWidth 375: every px in the styles is a px on a 375-wide phone (WeChat's reference width).
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'quanzi',
    date: '2025-01-01',
    designWidth: 375,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // One folder per target, so a weapp build never overwrites the H5 build the local cloud serves.
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    alias: {
      '@': path.join(root, 'src'),
      '@core': path.join(root, 'cloudfunctions/core'),
    },
    defineConstants: {},
    // Build-time configuration of the app (docs/configuration.md): the subscription template the
    // app asks for. Empty means the local id (the local cloud accepts any).
    env: {
      QZ_TEMPLATE_RENEWAL: JSON.stringify(process.env.QZ_TEMPLATE_RENEWAL ?? ''),
      QZ_TEMPLATE_PAY_REMINDER: JSON.stringify(process.env.QZ_TEMPLATE_PAY_REMINDER ?? ''),
    },
    copy: { patterns: [], options: {} },
    ...(process.env.TARO_ENV === 'weapp' ? { terser: { enable: true, config: WEAPP_TERSER } } : {}),
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      webpackChain(chain) {
        if (process.env.QZ_WEBPACK_STATS) chain.plugin('qz-stats').use(WriteStats)
      },
      // Shared core (error table, limits, permission matrix) lives outside src and must be compiled too.
      // So must every package that ships syntax newer than ES2017 (babel.config.js): zod (`?.`).
      // test/weapp/syntax.test.ts names the file of any package that still does.
      compile: {
        include: [path.join(root, 'cloudfunctions/core'), (file: string) => /node_modules[\\/]zod[\\/]/.test(file)],
      },
      // Class names are unique per component (BEM), so stylesheet order across chunks does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [path.join(root, 'cloudfunctions/core')] },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      // Route-level chunks (docs/performance.md "H5 loading path"): Taro's router imports each page
      // with import(); code two pages share goes to shared chunks instead of into both. The round
      // trip a page chunk used to cost after app.js (why the H5 build used to be one script, see
      // docs/decisions.md) is gone: index.html's bootstrap preloads the opened page's chunks.
      webpackChain(chain, webpack) {
        if (process.env.NODE_ENV !== 'production') return
        // One module per Taro component (config/h5-components/plugin.js): a page's chunks carry the
        // components it renders, not every component some page of the app uses.
        chain.module
          .rule('script')
          .use('babelLoader')
          .tap((options) => ({
            ...options,
            plugins: [...(options?.plugins ?? []), path.join(__dirname, 'h5-components/plugin.js')],
          }))
        chain.module
          .rule('qz-h5-component')
          .test(COMPONENTS_FILE)
          .resourceQuery(new RegExp(`${COMPONENTS_QUERY}=`))
          .enforce('pre')
          .use('qz-h5-component')
          .loader(path.join(__dirname, 'h5-components/loader.js'))
        // One tslib: @tarojs/components' React wrappers import a copy of their own (bundled by their
        // build under node_modules/.pnpm) beside the one the rest of the app uses.
        chain.plugin('qz-one-tslib').use(webpack.NormalModuleReplacementPlugin, [
          /[\\/]\.pnpm[\\/].*[\\/]tslib[\\/]tslib\.es6\.js$/,
          require.resolve('tslib/tslib.es6.mjs', {
            paths: [path.dirname(require.resolve('@tarojs/components/package.json'))],
          }),
        ])
        // QZ_H5_SOURCEMAP=1: source maps beside the scripts, to see each module's minified bytes.
        if (process.env.QZ_H5_SOURCEMAP) chain.devtool('source-map')
        // Taro's component stylesheet goes to css/app.css like every other stylesheet, not into the
        // app script as a string a style-loader injects; its icon font (weui, base64 in that
        // stylesheet: toast and checkbox icons) becomes a file the browser fetches when a glyph needs it.
        chain.module
          .rule('taroStyle')
          .uses.clear()
          .end()
          .use('extract')
          .loader(fromTaroRunner('mini-css-extract-plugin/dist/loader'))
        chain.module
          .rule('qz-weui-font')
          .set('scheme', 'data')
          .set('mimetype', 'application/octet-stream')
          .set('type', 'asset/resource')
          .set('generator', { filename: 'static/fonts/[contenthash:8].ttf' })
        // The tab bar's icons are files (static/images/), not base64 in the app script: only a tab page
        // shows them, and a PNG in base64 hardly compresses.
        const tabIcon = /[\\/]src[\\/]assets[\\/]tab-[\w-]+\.png$/
        chain.module.rule('image').exclude.add(tabIcon)
        chain.module
          .rule('qz-tab-icon')
          .test(tabIcon)
          .set('type', 'asset/resource')
          .set('generator', { filename: 'static/images/[name].[contenthash:8][ext]' })
        // Toast, modal, action sheet: a chunk loaded on first use (config/h5-lazy/interaction.js).
        chain
          .plugin('qz-lazy-interaction')
          .use(webpack.NormalModuleReplacementPlugin, [
            /[\\/]@tarojs[\\/]taro-h5[\\/]dist[\\/]api[\\/]ui[\\/]interaction[\\/]index\.js$/,
            path.join(__dirname, 'h5-lazy/interaction.js'),
          ])
        chain.optimization.splitChunks({
          chunks: 'all',
          hidePathInfo: true,
          // Few, larger shared chunks (a page needs at most 3 files): each request of a first screen
          // costs a round trip on a slow network and HTTP/1.1 runs 6 at a time; a little code
          // repeated across pages costs less.
          minSize: 20 * 1024,
          maxAsyncRequests: 2,
          cacheGroups: {
            default: false,
            defaultVendors: false,
            common: { name: false, minChunks: 2, priority: 1, reuseExistingChunk: true },
          },
        })
        chain.plugin('h5-loading').use(H5LoadingPlugin, [{ sourceDir: path.join(root, 'src'), home: HOME_PAGE }])
        // QZ_H5_STATS=<file>: each chunk's modules as JSON, to see what a page loads and why.
        if (process.env.QZ_H5_STATS) chain.plugin('h5-stats').use(H5StatsPlugin, [process.env.QZ_H5_STATS])
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
