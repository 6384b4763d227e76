// The weapp smoke suite: the PRODUCTION mini-program bundle (dist/weapp, built beforehand by
// `npx taro build --type weapp`) under WeChat's own wcc/wcsc compilers and miniprogram-simulate.
//   node node_modules/jest/bin/jest.js -c test/weapp/jest.config.js
const path = require('path')

const root = path.resolve(__dirname, '..', '..')

module.exports = {
  displayName: 'weapp',
  rootDir: root,
  // miniprogram-simulate renders components into a DOM (j-component), so jsdom.
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/weapp/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js' },
  // The bundle runs exactly as shipped: never transform dist/ or node_modules.
  transformIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
  testTimeout: 30000,
}
