/**
 * The one door to wx-server-sdk. In CloudBase it talks to the real services; in the local cloud
 * the same SDK is pointed at the emulator by environment variables only (docs/platform-notes.md).
 */
import * as cloud from 'wx-server-sdk'

let ready = false

function sdk(): typeof cloud {
  if (!ready) {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string })
    ready = true
  }
  return cloud
}

export function database() {
  return sdk().database()
}

export type Database = ReturnType<typeof database>

/** WeChat open APIs (`cloud.openapi.*`); each function declares the ones it calls in config.json. */
export function openapi() {
  return sdk().openapi
}

/** Short-lived HTTPS URLs for stored files (cloud.getTempFileURL); maxAge in seconds. */
export async function tempFileUrls(fileIds: string[], maxAge: number): Promise<Record<string, string>> {
  const res = await sdk().getTempFileURL({ fileList: fileIds.map((fileID) => ({ fileID, maxAge })) })
  const out: Record<string, string> = {}
  for (const f of res ? res.fileList : []) if (f.status === 0 && f.tempFileURL) out[f.fileID] = f.tempFileURL
  return out
}

/** The caller's OPENID from the WeChat context: the only identity the server trusts. */
export function callerOpenid(): string | null {
  const { OPENID } = sdk().getWXContext()
  // getWXContext reads environment variables; a digit-only value comes back as a number.
  return OPENID === undefined || OPENID === null || OPENID === '' ? null : String(OPENID)
}
