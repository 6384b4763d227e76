// One `jest` run covers every suite that needs no build: unit (core), integration (function
// actions on the strict local database), contract (the stand-in refuses what CloudBase refuses),
// localcloud (gateway, timers, control API) and component (Taro components). e2e and the weapp
// smoke test need builds and run from scripts/test.mjs with their own configs.
const node = (name) => ({
  displayName: name,
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  // Source before bundles: cloudfunctions/<fn>/index.js is a build output beside index.ts.
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json', 'node'],
  transform: { '^.+\\.(t|j)sx?$': '<rootDir>/test/support/esbuild-transform.js' },
  transformIgnorePatterns: ['/node_modules/(?!(mingo)/)'],
  moduleNameMapper: { '^@core/(.*)$': '<rootDir>/cloudfunctions/core/$1' },
})

module.exports = {
  projects: [
    node('unit'),
    node('integration'),
    node('contract'),
    node('localcloud'),
    '<rootDir>/test/component/jest.config.js',
  ],
}
