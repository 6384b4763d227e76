// Each contract test builds its own world: a fresh local cloud (memory only) and the real,
// unmodified wx-server-sdk pointed at it through environment variables, as a cloud function
// would be in `npm start`.
import { startTestCloud, useSdkEnv, type TestCloudOptions } from '../../localcloud/testing'
import type { CollectionSpec, LocalDatabase } from '../../localcloud/db'

type Cloud = typeof import('wx-server-sdk')

// wx-server-sdk is loaded once per test file (jest gives each file its own module registry);
// cloud.init does no I/O and the endpoint is re-read from the environment on every request.
const cloud = require('wx-server-sdk') as Cloud
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string })

export interface World {
  cloud: Cloud
  // The SDK's database typings are loose; tests use it as cloud functions do.
  db: any
  _: any
  local: LocalDatabase
  url: string
  close(): Promise<void>
}

export async function buildWorld(
  collections: CollectionSpec[],
  opts: Omit<TestCloudOptions, 'collections'> = {},
): Promise<World> {
  const testCloud = await startTestCloud({ ...opts, collections })
  const restore = useSdkEnv(testCloud.url)
  const db = cloud.database()
  return {
    cloud,
    db,
    _: db.command,
    local: testCloud.db,
    url: testCloud.url,
    async close() {
      restore()
      await testCloud.close()
    },
  }
}

/** Posts one raw wire action, for what the SDK itself cannot express. */
export async function postAction(url: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}?env=local-test`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  })
  return (await res.json()) as Record<string, unknown>
}
