import { writeFileSync } from 'fs'
import path from 'path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const root = path.resolve(__dirname, '..')

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
  apply(compiler: { hooks: { done: { tap: (name: string, fn: (stats: any) => void) => void } } }) {
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
      // One script for every page: a page chunk fetched after app.js is one more round trip
      // before the first screen (≈ 0.6 s on slow 4G), and all pages together are small.
      webpackChain(chain, webpack) {
        chain.plugin('single-chunk').use(webpack.optimize.LimitChunkCountPlugin, [{ maxChunks: 1 }])
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
