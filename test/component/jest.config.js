// Component tests with @tarojs/test-utils-react 0.1.1 (written for Taro 3.6) on Taro 4.2.1.
// The adjustments docs/platform-notes.md lists are applied here and in setup.js.
const path = require('path')
const defineJestConfig = require('@tarojs/test-utils-react/dist/jest.js').default

const root = path.resolve(__dirname, '../..')
const utilsJest = path.dirname(require.resolve('@tarojs/test-utils-react/dist/jest/index.js'))

const config = defineJestConfig({
  displayName: 'component',
  rootDir: root,
  testMatch: ['<rootDir>/test/component/**/*.test.{ts,tsx}'],
  setupFiles: [path.join(__dirname, 'env.js'), path.join(utilsJest, 'jest.setup.js'), path.join(__dirname, 'setup.js')],
  setupFilesAfterEnv: [path.join(__dirname, 'after-env.js')],
  transform: {
    '^.+\\.(mjs|cjs|js|jsx|ts|tsx)$': path.join(utilsJest, 'babel-transformer.js'),
  },
  // Taro ships ESM (and .mjs) inside node_modules: compile those, leave the rest alone.
  // Taro ships ESM (and .mjs, and a vendored .pnpm tree inside @tarojs/components) in
  // node_modules: a path mentioning any allow-listed package anywhere is compiled.
  transformIgnorePatterns: [
    '^(?!.*(\\.pnpm|@tarojs|@stencil|style-inject|lodash-es|@babel/runtime/helpers/esm|zustand|dayjs|classnames|swiper|ssr-window|dom7|resolve-pathname|query-string|decode-uri-component|split-on-first|filter-obj)).*/node_modules/',
  ],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@/(.*)$': '<rootDir>/src/$1',
    '^@core/(.*)$': '<rootDir>/cloudfunctions/core/$1',
    '\\.(css|scss|sass|less)$': 'identity-obj-proxy',
  },
})
delete config.bail
delete config.verbose
delete config.collectCoverageFrom
module.exports = config
