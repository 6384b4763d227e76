// Starts the local product (scripts/start.mjs: functions, local cloud, H5 from dist/h5, demo seed)
// as a child process on a free port with its own data folder, for the bench and the e2e suite.
// CommonJS so both the ESM bench and jest's global setup can load it.
const { spawn } = require('child_process')
const { createWriteStream, mkdtempSync, rmSync } = require('fs')
const net = require('net')
const os = require('os')
const path = require('path')

const ROOT = path.resolve(__dirname, '..', '..')

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/** The parent's environment minus anything that makes the local cloud refuse to start. */
function cleanEnv(extra) {
  const env = { ...process.env }
  for (const key of Object.keys(env)) {
    if (key.startsWith('TENCENTCLOUD_') || key.startsWith('TCB_')) delete env[key]
  }
  return { ...env, ...extra }
}

/**
 * Resolves with { url, port, pid, dataDir, logFile, stop() } once /_control/health answers ok.
 * The data folder is fresh (a temp dir) unless one is given, so the demo is seeded on start.
 */
async function startLocalProduct({ dataDir, port, logFile, timeoutMs = 180_000, h5 = false } = {}) {
  port = port || (await freePort())
  const ownDataDir = !dataDir
  const ownLog = !logFile
  dataDir = dataDir || mkdtempSync(path.join(os.tmpdir(), 'quanzi-data-'))
  logFile = logFile || path.join(dataDir, '..', `${path.basename(dataDir)}.log`)
  const log = createWriteStream(logFile)
  const args = [path.join(ROOT, 'scripts', 'start.mjs')]
  // The caller builds the H5 app beforehand (npm test does); start.mjs would otherwise rebuild it.
  if (!h5) args.push('--no-h5')
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: cleanEnv({ PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1', NODE_ENV: 'production' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk) => {
    log.write(chunk)
    output = (output + chunk.toString()).slice(-8000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  let exited = null
  child.on('exit', (code, signal) => {
    exited = { code, signal }
  })

  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + timeoutMs
  let health = null
  while (!health) {
    if (exited) throw new Error(`the local cloud exited (${JSON.stringify(exited)}) before it was healthy:\n${output}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the local cloud was not healthy within ${timeoutMs / 1000} s:\n${output}`)
    }
    try {
      const res = await fetch(`${url}/_control/health`, { signal: AbortSignal.timeout(2000) })
      const body = await res.json()
      // healthy = listening AND the first-start seed finished (start.mjs prints "ready" after it)
      if (res.ok && body.ok && /local cloud ready/.test(output)) health = body
    } catch {
      // not listening yet
    }
    if (!health) await new Promise((r) => setTimeout(r, 250))
  }

  async function stop({ keepData = false } = {}) {
    if (!exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 8000)
      await gone
      clearTimeout(timer)
    }
    await new Promise((resolve) => log.end(resolve))
    if (ownDataDir && !keepData) rmSync(dataDir, { recursive: true, force: true })
    if (ownLog && !keepData) rmSync(logFile, { force: true })
  }

  return { url, port, pid: child.pid, dataDir, logFile, health, stop, output: () => output }
}

/** Calls a function through the gateway as a demo user; resolves with the envelope's data. */
async function callFunction(url, name, openid, event) {
  const res = await fetch(`${url}/api/fn/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
    body: JSON.stringify(event),
  })
  const body = await res.json()
  if (!body.ok) throw new Error(`${name}.${event.action} as ${openid}: ${JSON.stringify(body.error)}`)
  return body.data
}

module.exports = { ROOT, freePort, startLocalProduct, callFunction }
