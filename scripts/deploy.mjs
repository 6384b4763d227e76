#!/usr/bin/env node
// `npm run deploy`: ships 圈子 to WeChat CloudBase with miniprogram-ci (docs/deploy.md).
//   1. checks the environment: WX_APPID, WX_PRIVATE_KEY_PATH (or WX_PRIVATE_KEY, the key's
//      content), CLOUD_ENV_ID; stops at once, naming what is missing
//   2. builds the cloud functions and the production mini-program (+ scripts/check-weapp.mjs)
//   3. uploads the mini-program (version from package.json, description from git)
//   2b. checks the production configuration (cloudfunctions/runtime/env.ts): every `required`
//      variable a deployed function (or the mini-program build) reads must be set in this
//      environment and not a placeholder; stops at once, naming each one
//   4. for every function folder under cloudfunctions/ that has index.js + package.json (not
//      `core` or `runtime`: libraries bundled into each function): creates it, or updates it, with
//      the runtime, timeout and memory of its config.json and the environment variables env.ts
//      lists for it (values from this environment), uploads the code, then creates the timer
//      triggers its config.json declares
//
// Flags:
//   --dry-run     everything except the network calls: prints what it would upload
//   --no-build    reuse dist/weapp and the built functions
//   --only <what> mp | functions (default both); function names after it narrow the functions
// Environment (optional): DEPLOY_VERSION, DEPLOY_DESC, DEPLOY_ROBOT (1–30),
//   DEPLOY_TIMEOUT_MINUTES (per network call, default 15).
//
// miniprogram-ci quirks handled here (docs/platform-notes.md): the project type is
// 'miniProgram' (camelCase); its HTTP calls have no timeout (each call is raced against our own);
// it forks a worker that keeps Node alive, so the script ends with process.exit().
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const argv = process.argv.slice(2)
const dryRun = argv.includes('--dry-run')
const noBuild = argv.includes('--no-build')
const onlyIndex = argv.indexOf('--only')
const only = onlyIndex >= 0 ? argv[onlyIndex + 1] : 'all'
const onlyNames = argv.filter((a, i) => !a.startsWith('--') && !(onlyIndex >= 0 && i === onlyIndex + 1))

const FUNCTIONS_DIR = path.join(ROOT, 'cloudfunctions')
/** The one CloudBase runtime: localcloud/cloud-node/package.json (the local cloud runs that Node). */
const CLOUD_RUNTIME = JSON.parse(readFileSync(path.join(ROOT, 'localcloud', 'cloud-node', 'package.json'), 'utf8'))
  .cloudbase.runtime
const WEAPP_DIR = path.join(ROOT, 'dist', 'weapp')
const LIBRARIES = new Set(['core', 'runtime', 'node_modules'])
// What CloudBase needs of a function folder; TypeScript sources stay home.
const SHIPPED_FILES = ['index.js', 'index.js.map', 'package.json', 'config.json']
// project.config.json's cloudfunctionRoot: WeChat DevTools sees exactly the deployable functions
// here (never the libraries core and runtime, which cloudfunctions/ also holds).
const STAGE_DIR = path.join(ROOT, 'dist', 'cloudfunctions')
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
      fail(
        `找不到上传密钥文件：${keyPath}（WX_PRIVATE_KEY_PATH）。`,
        `The upload key file does not exist: ${keyPath} (WX_PRIVATE_KEY_PATH).`,
      )
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

// ---------- 2b. production configuration (cloudfunctions/runtime/env.ts) ----------

async function loadEnvTable() {
  const { tsImport } = await import('tsx/esm/api')
  const mod = await tsImport(pathToFileURL(path.join(FUNCTIONS_DIR, 'runtime', 'env.ts')).href, import.meta.url)
  return mod.ENV_TABLE ?? mod.default?.ENV_TABLE
}

const readBy = (v, fn) => v.functions === '*' || v.functions.includes(fn)

/** The variables a function is deployed with: the required and optional ones it reads. */
function variablesOf(table, fn) {
  return table.filter((v) => (v.production === 'required' || v.production === 'optional') && readBy(v, fn))
}

/**
 * Refuses to go on while a required variable of a deployed function (or of the app build) is
 * unset or still a placeholder, naming each with what it is for.
 */
function checkConfiguration(table, functionNames, withApp) {
  const problems = []
  for (const v of table) {
    if (v.production !== 'required') continue
    const users = functionNames.filter((fn) => readBy(v, fn))
    if (users.length === 0 && !(withApp && v.app)) continue
    const value = process.env[v.name]
    const where = [...users, ...(withApp && v.app ? ['小程序/app'] : [])].join(', ')
    if (!value) problems.push({ name: v.name, why: `未设置 / unset (${where})`, description: v.description })
    else if (v.placeholders?.includes(value))
      problems.push({
        name: v.name,
        why: `仍是占位值 / still the placeholder "${value}" (${where})`,
        description: v.description,
      })
  }
  if (problems.length) {
    const lines = problems.map((p) => `    ${p.name}: ${p.why}\n      ${p.description}`).join('\n')
    fail(
      `生产环境配置不完整：${problems.map((p) => p.name).join('、')}。请设置后再部署（见 docs/configuration.md）。\n${lines}`,
      `Production configuration is incomplete: ${problems.map((p) => p.name).join(', ')}. Set them and deploy again (docs/configuration.md).`,
    )
  }
}

/** What CloudBase should hold for one function: from its config.json and env.ts. */
function functionSettings(table, name) {
  const configPath = path.join(FUNCTIONS_DIR, name, 'config.json')
  const config = existsSync(configPath) ? JSON.parse(readFileSync(configPath, 'utf8')) : {}
  const runtime = config.runtime ?? CLOUD_RUNTIME
  if (runtime !== CLOUD_RUNTIME) {
    fail(
      `云函数 ${name} 的 config.json 指定运行环境 ${runtime}，本地云只按 ${CLOUD_RUNTIME} 测试过。`,
      `${name}/config.json asks for runtime ${runtime}; the local cloud tests functions on ${CLOUD_RUNTIME} only (localcloud/cloud-node/package.json).`,
    )
  }
  const timeout = Number(config.timeout ?? 20)
  const memorySize = Number(config.memorySize ?? 256)
  const variables = variablesOf(table, name)
    .filter((v) => process.env[v.name] !== undefined && process.env[v.name] !== '')
    .map((v) => ({ key: v.name, value: process.env[v.name] }))
  return { runtime, timeout, memorySize, variables, variableNames: variablesOf(table, name).map((v) => v.name) }
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
  const desc = (
    process.env.DEPLOY_DESC ||
    [commit && `${commit}${dirty}`, subject].filter(Boolean).join(' ') ||
    pkg.description
  ).slice(0, 200)
  return { version, desc }
}

/** Every function folder (an index.ts), built or not: what the configuration check covers. */
function listFunctionFolders(dir = FUNCTIONS_DIR) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !LIBRARIES.has(d.name) && existsSync(path.join(dir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort()
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
  return { name, dir: target, files, triggers, settings: functionSettings(envTable, name) }
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
    timer = setTimeout(
      () => reject(new Error(`${label}: no answer within ${TIMEOUT_MS / 60_000} min (DEPLOY_TIMEOUT_MINUTES)`)),
      TIMEOUT_MS,
    )
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

let envTable = []

async function main() {
  const { appid, privateKey, cloudEnvId } = readEnvironment()
  if (!['all', 'mp', 'functions'].includes(only))
    fail(`--only 只能是 mp 或 functions。`, `--only must be mp or functions.`)
  log(`${dryRun ? 'DRY RUN — no network calls. ' : ''}appid ${appid}, cloud environment ${cloudEnvId}`)

  envTable = await loadEnvTable()
  const sources = only === 'mp' ? [] : listFunctionFolders()
  checkConfiguration(envTable, onlyNames.length ? onlyNames : sources, only !== 'functions')

  if (noBuild) log('--no-build: using the existing dist/weapp and function bundles')
  else build()

  if (only !== 'functions' && !existsSync(path.join(WEAPP_DIR, 'app.json'))) {
    fail(
      'dist/weapp 不存在，请先构建小程序。',
      'dist/weapp is missing: build the mini-program first (drop --no-build).',
    )
  }
  const { version, desc } = releaseInfo()
  let names = only === 'mp' ? [] : listDeployableFunctions()
  if (onlyNames.length) {
    const unknown = onlyNames.filter((n) => !names.includes(n))
    if (unknown.length)
      fail(
        `没有这些云函数：${unknown.join('、')}`,
        `No such deployable function: ${unknown.join(', ')} (have: ${names.join(', ')})`,
      )
    names = onlyNames
  }
  // a full deploy stages afresh, so a function removed from the repository leaves no folder behind
  if (!onlyNames.length) rmSync(STAGE_DIR, { recursive: true, force: true })
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
    console.log(
      `  mini-program  dist/weapp  ${w.files} files, ${(w.bytes / 1024).toFixed(1)} KiB  version ${version}  "${desc}"`,
    )
  }
  for (const f of functions) {
    const bytes = f.files.reduce((a, x) => a + x.bytes, 0)
    const { runtime, timeout, memorySize, variables, variableNames } = f.settings
    const pad = `                ${''.padEnd(12)}`
    console.log(
      `  function      ${f.name.padEnd(12)} ${f.files.map((x) => x.file).join(', ')}  ${(bytes / 1024).toFixed(1)} KiB → env ${cloudEnvId} (npm install in the cloud)`,
    )
    console.log(`${pad} runtime ${runtime}, timeout ${timeout} s, memory ${memorySize} MB`)
    // names only: the values are secrets
    const set = new Set(variables.map((v) => v.key))
    console.log(
      `${pad} env ${variableNames.length ? variableNames.map((n) => (set.has(n) ? n : `${n} (unset: default)`)).join(', ') : '(none)'}`,
    )
    for (const t of f.triggers) console.log(`${pad} trigger ${t.name} (${t.type}) "${t.config}"`)
  }

  if (dryRun) {
    console.log(
      `\nDRY RUN: would call ci.upload once and ci.cloud.uploadFunction ${functions.length} time(s), each after creating or configuring the function; nothing was sent.`,
    )
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
        setting: {
          es6: false,
          es7: false,
          minify: false,
          minifyJS: false,
          minifyWXML: false,
          minifyWXSS: false,
          autoPrefixWXSS: false,
        },
        onProgressUpdate: (task) => {
          if (typeof task === 'string') return
          if (task && task.status === 'done') log(`  ${task.message}`)
        },
      }),
    )
    for (const s of result.subPackageInfo ?? []) log(`  package ${s.name}: ${(s.size / 1024).toFixed(1)} KiB`)
    log('mini-program uploaded: set it as the trial version or submit it for review at mp.weixin.qq.com')
  }

  const cloud = functions.length ? await cloudFunctionsApi(project, cloudEnvId) : null
  for (const f of functions) {
    await withTimeout(`configure ${f.name}`, configureFunction(cloud, f))
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

// ---------- function settings through CloudBase's API ----------
// ci.cloud.uploadFunction creates a missing function with runtime Nodejs8.9, a 3 s timeout and no
// environment variables, and never changes those of an existing one. So, before it uploads the
// code, each function is created (or updated) here with its own settings, through the same
// cloud API miniprogram-ci uses (its CreateFunction / UpdateFunctionConfiguration calls).

async function cloudFunctionsApi(project, envId) {
  const api = require('miniprogram-ci/dist/common/cloud-api')
  const { initCloudAPI, boundTransactRequest, get3rdCloudCodeSecret } = require('miniprogram-ci/dist/ci/cloud/cloudapi')
  const { zipFile, zipToBuffer } = require('miniprogram-ci/dist/ci/cloud/utils')
  initCloudAPI((await project.getExtAppid()) || project.appid)
  const topts = () => ({ request: boundTransactRequest(project), transactType: api.TransactType.IDE })
  const { envList } = await withTimeout('DescribeEnvs', api.tcbGetEnvironments({}, topts()))
  const env = envList.find((e) => e.envId === envId)
  if (!env) throw new Error(`env not found: ${envId}`)
  const region = env.functions[0].region
  const log0 = env.logServices?.[0] ?? {}
  const codeSecret = await get3rdCloudCodeSecret(project)
  return {
    api,
    topts,
    envId,
    region,
    codeSecret,
    clsLogsetId: log0.logsetId,
    clsTopicId: log0.topicId,
    zipFile,
    zipToBuffer,
  }
}

async function configureFunction(cloud, f) {
  const { api, topts, envId, region, codeSecret, clsLogsetId, clsTopicId } = cloud
  const { runtime, timeout, memorySize, variables } = f.settings
  let info = null
  try {
    info = await api.scfGetFunctionInfo({ namespace: envId, region: '', functionName: f.name, codeSecret }, topts())
  } catch (err) {
    if (err?.code !== 'ResourceNotFound.Function') throw err
  }
  if (!info) {
    log(`  ${f.name}: creating it (${runtime}, ${timeout} s, ${memorySize} MB, ${variables.length} variable(s))`)
    const zip = await cloud.zipToBuffer(cloud.zipFile(f.dir, {}))
    await api.scfCreateFunction(
      {
        functionName: f.name,
        code: { zipFile: zip.toString('base64') },
        handler: 'index.main',
        description: '',
        memorySize,
        timeout,
        environment: { variables },
        role: 'TCB_QcsRole',
        runtime,
        namespace: envId,
        region,
        stamp: 'MINI_QCBASE',
        installDependency: true,
        codeSecret,
        clsLogsetId,
        clsTopicId,
      },
      topts(),
    )
    return
  }
  if (info.runtime !== runtime) {
    log(`  ${f.name}: runtime ${info.runtime} → ${runtime}`)
  }
  log(`  ${f.name}: setting ${runtime}, ${timeout} s, ${memorySize} MB, ${variables.length} variable(s)`)
  try {
    await api.scfUpdateFunctionInfo(
      {
        namespace: envId,
        region,
        functionName: f.name,
        runtime: info.runtime !== runtime ? runtime : undefined,
        memorySize,
        timeout,
        environment: { variables },
        clsLogsetId,
        clsTopicId,
      },
      topts(),
    )
  } catch (err) {
    if (info.runtime !== runtime) {
      throw new Error(
        `${f.name} runs ${info.runtime} in CloudBase and its runtime cannot be changed in place (${err?.message ?? err}): delete the function in the console (云开发 → 云函数) and deploy again; it is then created with ${runtime}`,
        { cause: err },
      )
    }
    throw err
  }
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
