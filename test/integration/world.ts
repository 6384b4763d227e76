/**
 * A world for integration tests: the strict local database over HTTP, the real wx-server-sdk
 * pointed at it by environment variables, and the real function entries, called as a given user.
 */
import type { ActionName, FunctionName, InputOf, OutputOf } from '@core/contract'
import type { Envelope } from '@core/errors'
import { main as circle } from '../../cloudfunctions/circle/index'
import { main as maintenance } from '../../cloudfunctions/maintenance/index'
import { main as post } from '../../cloudfunctions/post/index'
import { COLLECTIONS } from '../../cloudfunctions/runtime/schema'
import { main as user } from '../../cloudfunctions/user/index'
import { startTestCloud, useSdkEnv } from '../../localcloud/testing'

const mains = { user, circle, post, maintenance } as const

export type TestCloud = Awaited<ReturnType<typeof startTestCloud>>

export async function startWorld() {
  const cloud = await startTestCloud({ collections: COLLECTIONS })
  useSdkEnv(cloud.url)
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID'
  process.env.WX_APPID = 'wx_test_app'
  return cloud
}

/** Moves the functions' clock (the same variable the local cloud's gateway sets). */
export function setClockOffset(ms: number) {
  process.env.QZ_CLOCK_OFFSET_MS = String(ms)
}

/**
 * Invokes a function entry as `openid` (null: no WeChat session). The caller is read from the
 * environment synchronously when the entry starts, so concurrent calls keep their own callers.
 */
export function invoke(openid: string | null, fn: keyof typeof mains, event: Record<string, unknown>): Promise<Envelope<any>> {
  if (openid) process.env.WX_OPENID = openid
  else delete process.env.WX_OPENID
  return mains[fn](event)
}

/** A typed client for one user: returns data, or throws the error body. */
export function as(openid: string | null) {
  return async function call<F extends FunctionName, A extends ActionName<F>>(
    fn: F,
    action: A,
    input: InputOf<F, A>,
  ): Promise<OutputOf<F, A>> {
    const res = await invoke(openid, fn as keyof typeof mains, { action, ...(input as object) })
    if (!res.ok) throw Object.assign(new Error(`${res.error.code}: ${res.error.message}`), res.error)
    return res.data as OutputOf<F, A>
  }
}

/** The error an action answers, for asserting refusals. */
export async function refusal(p: Promise<unknown>): Promise<{ code: string; param?: string; message: string }> {
  try {
    await p
  } catch (e) {
    return e as { code: string; param?: string; message: string }
  }
  throw new Error('expected the action to be refused, but it succeeded')
}

/** Every document in every collection: to prove a refused action wrote nothing. */
export async function snapshot(cloud: TestCloud) {
  const out: Record<string, unknown[]> = {}
  for (const c of COLLECTIONS) out[c.name] = await cloud.db.find(c.name)
  return JSON.parse(JSON.stringify(out))
}

export const IMG = (n: number) => `cloud://local-test.bucket/uploads/test/${n}.png`
