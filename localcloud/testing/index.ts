// Test harness: a local cloud (database + /admin endpoint) on 127.0.0.1 with an ephemeral port,
// memory only, and helpers that point the real wx-server-sdk in this process at it.
//
//   const cloudHandle = await startTestCloud({ collections: [{ name: 'orders' }] })
//   const restore = useSdkEnv(cloudHandle.url)
//   useWxContext({ OPENID: 'o-alice' })   // what cloud.getWXContext() returns
//   … require the function and call it …
//   restore(); await cloudHandle.close()
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdminHandler, type AdminDeps } from '../admin'
import { createDatabase, type CollectionSpec, type LocalDatabase } from '../db'
import { createOpenApi } from '../openapi'

export interface TestCloudOptions {
  collections?: CollectionSpec[]
  now?: () => Date
  invokeFunction?: AdminDeps['invokeFunction']
  /** Defaults to the local cloud's open API (localcloud/openapi); null: none attached. */
  openApi?: AdminDeps['openApi'] | null
  /** Message pushes the default open API emits (e.g. wxa_media_check), for the test to deliver. */
  pushMessage?: (event: Record<string, unknown>) => void
  cloudPay?: AdminDeps['cloudPay']
  observe?: AdminDeps['observe']
}

export interface TestCloud {
  /** The endpoint for TCB_CONTEXT_CNFG, e.g. `http://127.0.0.1:40123/admin`. */
  url: string
  db: LocalDatabase
  close(): Promise<void>
}

export async function startTestCloud(opts: TestCloudOptions = {}): Promise<TestCloud> {
  const now = opts.now ?? (() => new Date())
  const db = await createDatabase({ now, collections: opts.collections ?? [] })
  const openApi =
    opts.openApi === null
      ? undefined
      : (opts.openApi ?? createOpenApi({ db, now, appId: 'wx_test_app', pushMessage: opts.pushMessage }))
  const server = createServer(
    createAdminHandler({
      db,
      invokeFunction: opts.invokeFunction,
      openApi,
      cloudPay: opts.cloudPay,
      observe: opts.observe,
    }),
  )
  // The SDK keeps connections alive outside SCF; do not let idle sockets hold close() up.
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/admin`,
    db,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await db.close()
    },
  }
}

const SDK_ENV_KEYS = [
  'TCB_CONTEXT_CNFG',
  'TENCENTCLOUD_SECRETID',
  'TENCENTCLOUD_SECRETKEY',
  'TENCENTCLOUD_SESSIONTOKEN',
  'TENCENTCLOUD',
  'SCF_NAMESPACE',
  'TCB_ENV',
] as const

/**
 * Points wx-server-sdk (in this process) at `url`. The SDK re-reads TCB_CONTEXT_CNFG on every
 * request, so this may be called after `cloud.init`. The key pair is a fake: the local cloud does
 * not check signatures, but the SDK refuses to send without one (and an SDK call without
 * credentials raises an unhandled rejection that kills Node 20). `TENCENTCLOUD=true` skips the
 * metadata-host probe. Returns a function that restores the previous values.
 */
export function useSdkEnv(url: string, envId = 'local-test'): () => void {
  const saved = Object.fromEntries(SDK_ENV_KEYS.map((k) => [k, process.env[k]]))
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: url })
  process.env.TENCENTCLOUD_SECRETID = 'local-fake-secret-id'
  process.env.TENCENTCLOUD_SECRETKEY = 'local-fake-secret-key'
  delete process.env.TENCENTCLOUD_SESSIONTOKEN
  process.env.TENCENTCLOUD = 'true'
  process.env.SCF_NAMESPACE = envId
  delete process.env.TCB_ENV
  return () => {
    for (const key of SDK_ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key]
      else process.env[key] = saved[key]
    }
  }
}

/**
 * Sets what `cloud.getWXContext()` returns: keys are given without the `WX_` prefix
 * (`{ OPENID: 'o-1', APPID: 'wx…' }`). Like CloudBase, the context is process-wide.
 */
export function useWxContext(context: Record<string, string>): void {
  const previous = (process.env.WX_CONTEXT_KEYS ?? '').split(',').filter(Boolean)
  for (const key of previous) delete process.env[key]
  const keys = Object.keys(context).map((k) => `WX_${k}`)
  Object.entries(context).forEach(([k, v]) => (process.env[`WX_${k}`] = v))
  process.env.WX_CONTEXT_KEYS = keys.join(',')
}
