// One function instance, as CloudBase runs it: it loads the bundled entry once, then serves ONE
// invocation at a time (the pool never sends a second before the first answers). It has its own
// process.env (worker_threads `env` option), because wx-server-sdk's getWXContext() and the
// functions' clock read environment variables.
// Plain CommonJS on purpose: worker_threads load it directly, in jest as in `npm start`.
'use strict'
process.setSourceMapsEnabled(true)
const { parentPort, workerData } = require('worker_threads')

const { functionName, entry, instance } = workerData
const tag = `[${functionName}#${instance}]`

for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  const original = console[level].bind(console)
  console[level] = (...args) => original(tag, ...args)
}

// Without this, a rejected promise nobody awaited (wx-server-sdk makes one on some failed
// requests) would kill the whole thread, as it kills a Node 20 process.
process.on('unhandledRejection', (reason) => {
  console.warn('unhandled rejection:', reason instanceof Error ? reason.message : reason)
})

let main
try {
  // eslint-disable-next-line import/no-dynamic-require
  const mod = require(entry)
  main = mod.main || (mod.default && mod.default.main)
  if (typeof main !== 'function') throw new Error(`${entry} exports no main(event, context)`)
  parentPort.postMessage({ type: 'ready' })
} catch (err) {
  parentPort.postMessage({ type: 'loadError', message: err && err.stack ? err.stack : String(err) })
}

parentPort.on('message', async (msg) => {
  if (msg.type !== 'invoke') return
  for (const [key, value] of Object.entries(msg.env)) {
    if (value === null) delete process.env[key]
    else process.env[key] = value
  }
  try {
    if (!main) throw new Error(`${functionName} failed to load`)
    const value = await main(msg.event, msg.context)
    // CloudBase hands the caller the JSON of what main returned (Dates become ISO strings).
    const json = value === undefined ? null : JSON.parse(JSON.stringify(value))
    parentPort.postMessage({ type: 'result', id: msg.id, ok: true, value: json })
  } catch (err) {
    parentPort.postMessage({
      type: 'result',
      id: msg.id,
      ok: false,
      message: err && err.message ? err.message : String(err),
      stack: err && err.stack ? String(err.stack) : undefined,
    })
  }
})
