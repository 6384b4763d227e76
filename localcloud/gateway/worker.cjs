// One function instance, as CloudBase runs it: a process of the Node version of the function's
// runtime (the pool forks it with that binary), which loads the bundled entry once, then serves
// ONE invocation at a time (the pool never sends a second before the first answers). It has its
// own process.env, because wx-server-sdk's getWXContext() and the functions' clock read
// environment variables; each invocation sets its caller's variables.
// Plain CommonJS, no syntax newer than the oldest runtime: the pool forks it directly.
//   argv: <function name> <bundled entry> <instance number> [wx-server-sdk in one file]
'use strict'
process.setSourceMapsEnabled(true)

const [functionName, entry, instance, sdkBundle] = process.argv.slice(2)

// The same SDK, bundled into one file by the gateway (sdkBundle.ts): a cold start finds and
// compiles one file instead of some 300.
if (sdkBundle) {
  const Module = require('module')
  const resolve = Module._resolveFilename
  Module._resolveFilename = function (request, ...rest) {
    return request === 'wx-server-sdk' ? sdkBundle : resolve.call(this, request, ...rest)
  }
}
const tag = `[${functionName}#${instance}]`

// The pool may be gone (the local cloud stopping): a message with nobody to read it is dropped.
const send = (message) => {
  if (process.connected) process.send(message, undefined, {}, () => undefined)
}

for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  const original = console[level].bind(console)
  console[level] = (...args) => original(tag, ...args)
}

// Without this, a rejected promise nobody awaited (wx-server-sdk makes one on some failed
// requests) would kill the instance, as it kills a Node process by default.
process.on('unhandledRejection', (reason) => {
  console.warn('unhandled rejection:', reason instanceof Error ? reason.message : reason)
})

// The pool went away (the local cloud stopped): so does the instance.
process.on('disconnect', () => process.exit(0))

let main
try {
  const mod = require(entry)
  main = mod.main || (mod.default && mod.default.main)
  if (typeof main !== 'function') throw new Error(`${entry} exports no main(event, context)`)
  send({ type: 'ready' })
} catch (err) {
  send({ type: 'loadError', message: err && err.stack ? err.stack : String(err) })
}

process.on('message', async (msg) => {
  if (!msg || msg.type !== 'invoke') return
  for (const [key, value] of Object.entries(msg.env)) {
    if (value === null) delete process.env[key]
    else process.env[key] = value
  }
  try {
    if (!main) throw new Error(`${functionName} failed to load`)
    const value = await main(msg.event, msg.context)
    // CloudBase hands the caller the JSON of what main returned (Dates become ISO strings).
    const json = value === undefined ? null : JSON.parse(JSON.stringify(value))
    send({ type: 'result', id: msg.id, ok: true, value: json })
  } catch (err) {
    send({
      type: 'result',
      id: msg.id,
      ok: false,
      message: err && err.message ? err.message : String(err),
      stack: err && err.stack ? String(err.stack) : undefined,
    })
  }
})
