// Browser end-to-end suite: headless Chromium (playwright-core, /usr/bin/chromium) against the
// RUNNING local product — global setup starts scripts/start.mjs on a free port with a fresh data
// folder (the H5 app must be built beforehand: npx taro build --type h5), teardown stops it.
//   node node_modules/jest/bin/jest.js -c test/e2e/jest.config.js --runInBand
// Screenshots of every step land in test-results/e2e/.
const path = require('path')

const root = path.resolve(__dirname, '..', '..')

module.exports = {
  displayName: 'e2e',
  rootDir: root,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js' },
  globalSetup: '<rootDir>/test/e2e/global-setup.js',
  globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
  // one browser, one local product: never in parallel
  maxWorkers: 1,
  testTimeout: 240000,
  slowTestThreshold: 60,
}
