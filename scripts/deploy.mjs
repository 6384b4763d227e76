#!/usr/bin/env node
// `npm run deploy`: ships 圈子 to WeChat CloudBase with miniprogram-ci (docs/deploy.md).
//   1. checks the environment: WX_APPID, WX_PRIVATE_KEY_PATH (or WX_PRIVATE_KEY, the key's
//      content), CLOUD_ENV_ID; stops at once, naming what is missing
//   2. builds the cloud functions and the production mini-program (+ scripts/check-weapp.mjs)
//   3. uploads the mini-program (version from package.json, description from git)
//   4. uploads every function folder under cloudfunctions/ that has index.js + package.json
//      (not `core` or `runtime`: libraries bundled into each function), then creates the timer
//      triggers its config.json declares
//
// Flags:
//   --dry-run     everything except the network calls: prints what it would upload
//   --no-build    reuse dist/weapp and the built functions
//   --only <what> mp | functions (default both); function names after it narrow the functions
// Environment (optional): DEPLOY_VERSION, DEPLOY_DESC, DEPLOY_ROBOT (1–30),
//   DEPLOY_TIMEOUT_MINUTES (per network call, default 15).
//
// miniprogram-ci quirks handled here (shared/spec/toolchain.md): the project type is
// 'miniProgram' (camelCase); its HTTP calls have no timeout (each call is raced against our own);
// it forks a worker that keeps Node alive, so the script ends with process.exit().
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const argv = process.argv.slice(2)
const dryRun = argv.includes('--dry-run')
const noBuild = argv.includes('--no-build')
const onlyIndex = argv.indexOf('--only')
const only = onlyIndex >= 0 ? argv[onlyIndex + 1] : 'all'
const onlyNames = argv.filter((a, i) => !a.startsWith('--') && !(onlyIndex >= 0 && i === onlyIndex + 1))

const FUNCTIONS_DIR = path.join(ROOT, 'cloudfunctions')
const WEAPP_DIR = path.join(ROOT, 'dist', 'weapp')
const LIBRARIES = new Set(['core', 'runtime', 'node_modules'])
// What CloudBase needs of a function folder; TypeScript sources stay home.
const SHIPPED_FILES = ['index.js', 'index.js.map', 'package.json', 'config.json']
const STAGE_DIR = path.join(ROOT, 'node_modules', '.cache', 'quanzi-deploy')
const TIMEOUT_MS = Number(process.env.DEPLOY_TIMEOUT_MINUTES || 15) * 60_000

const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
const log = (msg) => console.log(`[deploy ${elapsed()}] ${msg}`)

function fail(zh, en, code = 1) {
  console.error(`\n✗ ${zh}\n  ${en}`)
  process.exit(code)
}

// ---------- 1. environment ----------

function readEnvironment() {
  const env = process.env
  const missing = []
  if (!env.WX_APPID) missing.push('WX_APPID')
  if (!env.WX_PRIVATE_KEY_PATH && !env.WX_PRIVATE_KEY) missing.push('WX_PRIVATE_KEY_PATH (或/or WX_PRIVATE_KEY)')
  if (!env.CLOUD_ENV_ID) missing.push('CLOUD_ENV_ID')
  if (missing.length) {
    fail(
      `缺少部署所需的环境变量：${missing.join('、')}。请在微信公众平台「开发管理 → 开发设置」下载代码上传密钥并设置这些变量（见 docs/deploy.md）。`,
      `Missing environment variables for deploy: ${missing.join(', ')}. Download the code upload key from mp.weixin.qq.com (Development → Development settings) and set them (see docs/deploy.md).`,
    )
  }
  if (!/^wx[0-9a-f]{16}$/i.test(env.WX_APPID)) {
    fail(
      `WX_APPID「${env.WX_APPID}」不像小程序 AppID（wx 开头加 16 位十六进制）。`,
      `WX_APPID "${env.WX_APPID}" does not look like a mini-program AppID (wx followed by 16 hex digits).`,
    )
  }
  let privateKey = env.WX_PRIVATE_KEY
  let keySource = 'WX_PRIVATE_KEY'
  if (!privateKey) {
    const keyPath = path.resolve(env.WX_PRIVATE_KEY_PATH)
    if (!existsSync(keyPath)) {
      fail(`找不到上传密钥文件：${keyPath}（WX_PRIVATE_KEY_PATH）。`, `The upload key file does not exist: ${keyPath} (WX_PRIVATE_KEY_PATH).`)
    }
    privateKey = readFileSync(keyPath, 'utf8')
    keySource = keyPath
  }
  // A key pasted into a CI secret often loses its newlines.
  privateKey = privateKey.replace(/\\n/g, '\n')
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey)) {
    fail(
      `上传密钥（${keySource}）不是 PEM 格式的私钥（应以 -----BEGIN RSA PRIVATE KEY----- 开头）。`,
      `The upload key (${keySource}) is not a PEM private key (it should start with -----BEGIN RSA PRIVATE KEY-----).`,
    )
  }
  return { appid: env.WX_APPID, privateKey, cloudEnvId: env.CLOUD_ENV_ID }
}

// ---------- 2. builds ----------

function run(name, command, args, extraEnv = {}) {
  const t0 = Date.now()
  log(`${name} …`)
  const res = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...extraEnv } })
  if (res.status !== 0) fail(`${name} 失败，未上传任何内容。`, `${name} failed; nothing was uploaded.`)
  log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
}

function build() {
  const npx = (bin) => path.join(ROOT, 'node_modules', '.bin', bin)
  if (only !== 'mp') run('build functions', process.execPath, [path.join(ROOT, 'scripts', 'build-functions.mjs')])
  if (only !== 'functions') {
    run('build weapp (production)', npx('taro'), ['build', '--type', 'weapp'], { NODE_ENV: 'production' })
    run('check weapp packages', process.execPath, [path.join(ROOT, 'scripts', 'check-weapp.mjs')])
  }
}

// ---------- what to upload ----------

function git(args) {
  // read-only: never take the index lock (another process may be committing)
  const res = spawnSync('git', ['--no-optional-locks', ...args], { cwd: ROOT, encoding: 'utf8' })
  return res.status === 0 ? res.stdout.trim() : ''
}

function releaseInfo() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  const commit = git(['rev-parse', '--short', 'HEAD'])
  const subject = git(['log', '-1', '--format=%s'])
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) ? ' +local changes' : ''
  const version = process.env.DEPLOY_VERSION || pkg.version
  // WeChat shows the description in the version list; it is limited, so keep it short.
  const desc = (process.env.DEPLOY_DESC || [commit && `${commit}${dirty}`, subject].filter(Boolean).join(' ') || pkg.description).slice(0, 200)
  return { version, desc }
}

function listDeployableFunctions(dir = FUNCTIONS_DIR) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !LIBRARIES.has(d.name))
    .filter((d) => existsSync(path.join(dir, d.name, 'index.js')) && existsSync(path.join(dir, d.name, 'package.json')))
    .map((d) => d.name)
    .sort()
}

/** Copies the deployable files of a function into a clean folder; returns its path and contents. */
function stageFunction(name) {
  const target = path.join(STAGE_DIR, name)
  rmSync(target, { recursive: true, force: true })
  mkdirSync(target, { recursive: true })
  const files = []
  for (const file of SHIPPED_FILES) {
    const from = path.join(FUNCTIONS_DIR, name, file)
    if (!existsSync(from)) continue
    cpSync(from, path.join(target, file))
    files.push({ file, bytes: statSync(from).size })
  }
  let triggers = []
  const configPath = path.join(FUNCTIONS_DIR, name, 'config.json')
  if (existsSync(configPath)) triggers = JSON.parse(readFileSync(configPath, 'utf8')).triggers ?? []
  return { name, dir: target, files, triggers }
}

function weappSummary() {
  const files = []
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name)
      if (e.isDirectory()) walk(full)
      else files.push(statSync(full).size)
    }
  }
  walk(WEAPP_DIR)
  return { files: files.length, bytes: files.reduce((a, b) => a + b, 0) }
}

// ---------- network, with our own timeout ----------

function withTimeout(label, promise) {
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no answer within ${TIMEOUT_MS / 60_000} min (DEPLOY_TIMEOUT_MINUTES)`)), TIMEOUT_MS)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

async function main() {
  const { appid, privateKey, cloudEnvId } = readEnvironment()
  if (!['all', 'mp', 'functions'].includes(only)) fail(`--only 只能是 mp 或 functions。`, `--only must be mp or functions.`)
  log(`${dryRun ? 'DRY RUN — no network calls. ' : ''}appid ${appid}, cloud environment ${cloudEnvId}`)

  if (noBuild) log('--no-build: using the existing dist/weapp and function bundles')
  else build()

  if (only !== 'functions' && !existsSync(path.join(WEAPP_DIR, 'app.json'))) {
    fail('dist/weapp 不存在，请先构建小程序。', 'dist/weapp is missing: build the mini-program first (drop --no-build).')
  }
  const { version, desc } = releaseInfo()
  let names = only === 'mp' ? [] : listDeployableFunctions()
  if (onlyNames.length) {
    const unknown = onlyNames.filter((n) => !names.includes(n))
    if (unknown.length) fail(`没有这些云函数：${unknown.join('、')}`, `No such deployable function: ${unknown.join(', ')} (have: ${names.join(', ')})`)
    names = onlyNames
  }
  const functions = names.map(stageFunction)

  const ci = require('miniprogram-ci')
  // The key goes to miniprogram-ci as content, never to a file or the log.
  const project = new ci.Project({
    appid,
    type: 'miniProgram',
    projectPath: WEAPP_DIR,
    privateKey,
    ignores: ['node_modules/**/*', '**/*.map', '**/*.LICENSE.txt'],
  })

  console.log('\nplan:')
  if (only !== 'functions') {
    const w = weappSummary()
    console.log(`  mini-program  dist/weapp  ${w.files} files, ${(w.bytes / 1024).toFixed(1)} KiB  version ${version}  "${desc}"`)
  }
  for (const f of functions) {
    const bytes = f.files.reduce((a, x) => a + x.bytes, 0)
    console.log(`  function      ${f.name.padEnd(12)} ${f.files.map((x) => x.file).join(', ')}  ${(bytes / 1024).toFixed(1)} KiB → env ${cloudEnvId} (npm install in the cloud)`)
    for (const t of f.triggers) console.log(`                ${''.padEnd(12)} trigger ${t.name} (${t.type}) "${t.config}"`)
  }

  if (dryRun) {
    console.log(`\nDRY RUN: would call ci.upload once and ci.cloud.uploadFunction ${functions.length} time(s); nothing was sent.`)
    return
  }

  if (only !== 'functions') {
    log(`uploading the mini-program, version ${version} …`)
    const result = await withTimeout(
      'ci.upload',
      ci.upload({
        project,
        version,
        desc,
        robot: Number(process.env.DEPLOY_ROBOT || 1),
        // Taro already minified and transpiled the bundle; the WeChat tools must not do it again.
        setting: { es6: false, es7: false, minify: false, minifyJS: false, minifyWXML: false, minifyWXSS: false, autoPrefixWXSS: false },
        onProgressUpdate: (task) => {
          if (typeof task === 'string') return
          if (task && task.status === 'done') log(`  ${task.message}`)
        },
      }),
    )
    for (const s of result.subPackageInfo ?? []) log(`  package ${s.name}: ${(s.size / 1024).toFixed(1)} KiB`)
    log('mini-program uploaded: set it as the trial version or submit it for review at mp.weixin.qq.com')
  }

  for (const f of functions) {
    log(`uploading function ${f.name} …`)
    const { filesCount, packSize } = await withTimeout(
      `ci.cloud.uploadFunction(${f.name})`,
      ci.cloud.uploadFunction({ project, env: cloudEnvId, name: f.name, path: f.dir, remoteNpmInstall: true }),
    )
    log(`  ${f.name}: ${filesCount} files, ${(packSize / 1024).toFixed(1)} KiB, deployed`)
    const timers = f.triggers.filter((t) => t.type === 'timer')
    if (timers.length) {
      const answer = await withTimeout(
        `ci.cloud.createTimeTrigger(${f.name})`,
        ci.cloud.createTimeTrigger({ project, envId: cloudEnvId, functionName: f.name, triggersConfig: timers }),
      )
      // miniprogram-ci answers a sentence, not an error, when the trigger was refused.
      if (!/成功/.test(String(answer))) throw new Error(`timer triggers of ${f.name}: ${answer}`)
      log(`  ${f.name}: ${timers.length} timer trigger(s) created`)
    }
  }
  log('deploy finished')
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    const message = err?.message ?? String(err)
    console.error(`\n✗ 部署失败：${message}\n  Deploy failed: ${message}`)
    if (/ip|whitelist|白名单/i.test(message)) {
      console.error('  提示 / hint: add this machine’s public IP to the upload IP whitelist (docs/deploy.md).')
    }
    process.exit(1)
  })
