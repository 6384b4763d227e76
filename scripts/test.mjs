#!/usr/bin/env node
// `npm test`: every suite, in the order their prerequisites need.
//   1. typecheck (tsc --noEmit over app, functions, local cloud, tests), lint (ESLint + Prettier's check)
//   2. jest: unit · integration · contract · localcloud · component (no builds needed)
//   3. builds: functions, production weapp (+ package checks), H5
//   4. jest: weapp (the shipped bundle under WeChat's compilers; journeys on it against a running local cloud) · e2e (Chromium on the running local product)
// Flags: --fast (steps 1–2 only), --no-e2e. Ends with one line "tests: N passed, N failed".
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = new Set(process.argv.slice(2))
const fast = args.has('--fast')
const jestBin = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js')
const results = { passed: 0, failed: 0 }
const failures = []
const timings = []
const reportDir = mkdtempSync(path.join(tmpdir(), 'quanzi-test-'))

function step(name, command, commandArgs, options = {}) {
  const started = Date.now()
  console.log(`\n▶ ${name}`)
  const res = spawnSync(command, commandArgs, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...options.env } })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  timings.push([name, seconds])
  if (res.status !== 0) failures.push(name)
  return res.status === 0
}

function jest(name, jestArgs) {
  const outputFile = path.join(reportDir, `${name}.json`)
  const ok = step(`jest ${name}`, process.execPath, [jestBin, '--json', `--outputFile=${outputFile}`, ...jestArgs])
  try {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'))
    results.passed += report.numPassedTests
    results.failed += report.numFailedTests
    // A suite that failed to load counts as a failure even though no test in it ran.
    results.failed += report.numRuntimeErrorTestSuites ?? 0
  } catch {
    if (!ok) results.failed += 1
  }
  return ok
}

const npx = (bin) => path.join(ROOT, 'node_modules', '.bin', bin)

step('typecheck', npx('tsc'), ['-p', 'tsconfig.json', '--noEmit'])
step('lint', process.execPath, ['scripts/lint.mjs'])
jest('suites', ['--ci'])

if (!fast) {
  const built =
    step('build functions', process.execPath, ['scripts/build-functions.mjs']) &&
    step('build weapp (production)', npx('taro'), ['build', '--type', 'weapp'], { env: { NODE_ENV: 'production' } }) &&
    step('check weapp packages', process.execPath, ['scripts/check-weapp.mjs']) &&
    step('build h5', npx('taro'), ['build', '--type', 'h5'], { env: { NODE_ENV: 'production' } })
  if (built) {
    jest('weapp', ['--ci', '-c', 'test/weapp/jest.config.js'])
    if (!args.has('--no-e2e')) jest('e2e', ['--ci', '--runInBand', '-c', 'test/e2e/jest.config.js'])
  } else {
    results.failed += 1
  }
}

rmSync(reportDir, { recursive: true, force: true })
console.log('\nsteps:')
for (const [name, seconds] of timings)
  console.log(`  ${failures.includes(name) ? '✗' : '✓'} ${name.padEnd(28)} ${seconds.padStart(6)} s`)
if (failures.length) console.log(`failed: ${failures.join(', ')}`)
console.log(`tests: ${results.passed} passed, ${results.failed} failed`)
process.exit(failures.length ? 1 : 0)
