import path from 'path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const root = path.resolve(__dirname, '..')

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
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
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
