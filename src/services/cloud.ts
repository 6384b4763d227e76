/**
 * The one way the app talks to the cloud. weapp: Taro.cloud (wx.cloud). H5: HTTP to the local
 * cloud's gateway on the same origin, as the demo user picked on the dev-login page.
 * Every failure becomes an ApiError whose message comes from the one table in core/errors.ts.
 */
import Taro from '@tarojs/taro'
import type { ActionName, FunctionName, InputOf, OutputOf } from '@core/contract'
import { isErrorCode, messageFor, type ErrorCode } from '@core/errors'
import { devicePlatform } from './device'
import { takeEarly } from './early'

export class ApiError extends Error {
  readonly code: ErrorCode
  readonly param?: string
  constructor(code: ErrorCode, param?: string) {
    super(messageFor(code, param))
    this.name = 'ApiError'
    this.code = code
    this.param = param
  }
}

export function isApiError(e: unknown): e is ApiError {
  return !!e && typeof e === 'object' && (e as { name?: string }).name === 'ApiError'
}

/** Any thrown thing as an ApiError (so a page always has a table message to show). */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e
  return new ApiError('internal')
}

const IS_H5 = process.env.TARO_ENV === 'h5'
const DEV_OPENID_KEY = 'quanzi.devOpenid'

// ---------- H5 demo identity ----------

export function getDevOpenid(): string {
  if (!IS_H5) return ''
  try {
    return (Taro.getStorageSync(DEV_OPENID_KEY) as string) || ''
  } catch {
    return ''
  }
}

export function setDevOpenid(openid: string): void {
  if (!IS_H5) return
  if (openid) Taro.setStorageSync(DEV_OPENID_KEY, openid)
  else Taro.removeStorageSync(DEV_OPENID_KEY)
}

/** In H5 a person must pick a demo user first; the mini-program always has a WeChat identity. */
export function needsDevLogin(): boolean {
  return IS_H5 && !getDevOpenid()
}

// ---------- envelope ----------

function fromEnvelope<T>(body: unknown): T {
  if (body && typeof body === 'object' && 'ok' in body) {
    const env = body as { ok: boolean; data?: T; now?: string; error?: { code?: unknown; param?: string } }
    if (env.ok) {
      noteServerTime(env.now)
      return env.data as T
    }
    const code = env.error && isErrorCode(env.error.code) ? env.error.code : 'internal'
    throw new ApiError(code, env.error?.param)
  }
  throw new ApiError('internal')
}

// ---------- the server's clock ----------

/**
 * How far the server's clock is from this device's, learned from every answer (`now` in the
 * envelope). Countdowns and "3 分钟前" follow the server, which decides deadlines: a phone whose
 * clock is off (or the local cloud's moved clock) must not show a wrong time left.
 */
let serverOffsetMs = 0

function noteServerTime(now: string | undefined): void {
  const at = now ? Date.parse(now) : NaN
  if (!Number.isNaN(at)) serverOffsetMs = at - Date.now()
}

/** The server's time now, in ms (the device's clock until the first answer). */
export function serverNow(): number {
  return Date.now() + serverOffsetMs
}

function isNetworkFailure(e: unknown): boolean {
  const msg = String((e as { errMsg?: string; message?: string })?.errMsg ?? (e as Error)?.message ?? e)
  return /request:fail|timeout|network|failed to fetch|offline/i.test(msg)
}

let cloudReady = false
function ensureCloud(): void {
  if (cloudReady) return
  // DYNAMIC_CURRENT_ENV: the environment the mini-program is bound to in the WeChat console.
  Taro.cloud.init({ traceUser: true })
  cloudReady = true
}

// ---------- functions ----------

/**
 * wx.login's code for user.login (the server exchanges it for the session_key virtual payment
 * signs with). H5 against the local cloud: the simulator's stand-in for wx.login. None: undefined.
 */
export async function wxLoginCode(): Promise<string | undefined> {
  try {
    if (!IS_H5) return (await Taro.login()).code || undefined
    const openid = getDevOpenid()
    if (!openid || typeof fetch === 'undefined') return undefined
    const res = await fetch('/wxapi/_dev/login', { method: 'POST', headers: { 'x-dev-openid': openid } })
    const body = (await res.json()) as { ok?: boolean; data?: { code?: string } }
    return body?.ok ? body.data?.code : undefined
  } catch {
    return undefined
  }
}

/**
 * Calls an action, naming this device (`device`, beside `action`). A `session_expired` answer
 * (the server needs a fresh session_key for virtual payment) logs in again and retries once.
 */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: InputOf<F, A>,
): Promise<OutputOf<F, A>> {
  try {
    return await callOnce(fn, action, input)
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'session_expired' || (fn === 'user' && action === 'login')) throw e
    const code = await wxLoginCode()
    if (!code) throw e
    await callOnce('user', 'login', { code })
    return callOnce(fn, action, input)
  }
}

async function callOnce<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: InputOf<F, A>,
): Promise<OutputOf<F, A>> {
  const payload = { action, device: devicePlatform(), ...(input as object) }
  if (IS_H5) {
    const openid = getDevOpenid()
    if (!openid) throw new ApiError('unauthenticated')
    // The first page's data may already be on its way (index.html's bootstrap, services/early.ts).
    const early = await takeEarly(fn, action, input as object, { device: payload.device, openid })
    if (early !== null) return fromEnvelope<OutputOf<F, A>>(early)
    let res: Response
    try {
      res = await fetch('/api/fn/' + fn, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
        body: JSON.stringify(payload),
      })
    } catch {
      throw new ApiError('network')
    }
    let body: unknown
    try {
      body = await res.json()
    } catch {
      throw new ApiError(res.ok ? 'internal' : 'network')
    }
    return fromEnvelope<OutputOf<F, A>>(body)
  }
  ensureCloud()
  let result: unknown
  try {
    const r = await Taro.cloud.callFunction({ name: fn, data: payload })
    result = (r as { result?: unknown }).result
  } catch (e) {
    throw new ApiError(isNetworkFailure(e) ? 'network' : 'internal')
  }
  return fromEnvelope<OutputOf<F, A>>(result)
}

// ---------- storage ----------

function randomName(ext: string): string {
  return `uploads/${Date.now()}-${Math.random().toString(36).slice(2, 10)}.${ext}`
}

function extOf(path: string, mime?: string): string {
  const fromMime = mime && /^image\/(png|gif|webp|jpe?g)$/.exec(mime)
  if (fromMime) return fromMime[1] === 'jpeg' ? 'jpg' : fromMime[1]
  const m = /\.(png|gif|webp|jpe?g)(\?|$)/i.exec(path)
  return m ? m[1].toLowerCase().replace('jpeg', 'jpg') : 'jpg'
}

/** Uploads a chosen local image; resolves with its cloud:// file id. Progress is 0–100. */
export async function uploadImage(localPath: string, onProgress?: (percent: number) => void): Promise<string> {
  if (IS_H5) {
    let blob: Blob
    try {
      blob = await (await fetch(localPath)).blob()
    } catch {
      throw new ApiError('network')
    }
    return uploadH5(blob, extOf(localPath, blob.type), onProgress)
  }
  return uploadWeapp(localPath, extOf(localPath), onProgress)
}

/** Uploads a chosen document (a post attachment) by its file name's extension; resolves with its cloud:// file id. */
export async function uploadFile(
  localPath: string,
  name: string,
  onProgress?: (percent: number) => void,
): Promise<string> {
  const ext = (/\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1] ?? 'bin').toLowerCase()
  if (IS_H5) {
    let blob: Blob
    try {
      blob = await (await fetch(localPath)).blob()
    } catch {
      throw new ApiError('network')
    }
    return uploadH5(blob, ext, onProgress)
  }
  return uploadWeapp(localPath, ext, onProgress)
}

/** H5: the local cloud's storage endpoint (localcloud/storage.ts). */
async function uploadH5(blob: Blob, ext: string, onProgress?: (percent: number) => void): Promise<string> {
  const openid = getDevOpenid()
  if (!openid) throw new ApiError('unauthenticated')
  // XHR rather than fetch: fetch cannot report upload progress.
  const body = await new Promise<unknown>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/storage/upload?ext=${ext}`)
    xhr.setRequestHeader('x-dev-openid', openid)
    xhr.setRequestHeader('content-type', blob.type || 'application/octet-stream')
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) onProgress?.(Math.round((ev.loaded / ev.total) * 100))
    }
    xhr.onload = () => {
      try {
        resolve(JSON.parse(xhr.responseText))
      } catch {
        reject(new ApiError('internal'))
      }
    }
    xhr.onerror = () => reject(new ApiError('network'))
    xhr.send(blob)
  })
  const fileID =
    body && typeof body === 'object' && 'ok' in body
      ? fromEnvelope<{ fileID: string }>(body).fileID
      : (body as { fileID?: string })?.fileID
  if (!fileID) throw new ApiError('internal')
  onProgress?.(100)
  return fileID
}

function uploadWeapp(localPath: string, ext: string, onProgress?: (percent: number) => void): Promise<string> {
  ensureCloud()
  return new Promise<string>((resolve, reject) => {
    const task = Taro.cloud.uploadFile({
      cloudPath: randomName(ext),
      filePath: localPath,
      success: (r) => {
        onProgress?.(100)
        resolve(r.fileID)
      },
      fail: (e) => reject(new ApiError(isNetworkFailure(e) ? 'network' : 'internal')),
    }) as unknown as { onProgressUpdate?: (cb: (p: { progress: number }) => void) => void } | undefined
    task?.onProgressUpdate?.((p) => onProgress?.(p.progress))
  })
}

/** What an Image can show for a stored file: weapp reads cloud:// ids itself; H5 gets a URL. */
export function fileUrl(fileID: string | null | undefined): string {
  if (!fileID) return ''
  if (!IS_H5) return fileID
  const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID)
  return m ? '/files/' + m[1] : fileID
}

// ---------- H5 demo users (local cloud only) ----------

export interface DevUser {
  openid: string
  nickname: string
  avatarUrl: string
  label: string
}

async function devRequest<T>(init?: RequestInit): Promise<T> {
  let res: Response
  try {
    res = await fetch('/api/dev/users', init)
  } catch {
    throw new ApiError('network')
  }
  let body: unknown
  try {
    body = await res.json()
  } catch {
    throw new ApiError(res.ok ? 'internal' : 'network')
  }
  if (body && typeof body === 'object' && 'ok' in body) return fromEnvelope<T>(body)
  if (!res.ok) throw new ApiError('internal')
  return body as T
}

export async function listDevUsers(): Promise<DevUser[]> {
  const body = await devRequest<{ users: DevUser[] }>()
  return body.users ?? []
}

export async function createDevUser(nickname: string): Promise<DevUser> {
  const body = await devRequest<{ user: DevUser }>({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nickname }),
  })
  return body.user
}
