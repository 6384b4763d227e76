/**
 * The one door to wx-server-sdk. In CloudBase it talks to the real services; in the local cloud
 * the same SDK is pointed at the emulator by environment variables only (toolchain.md).
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

/** The caller's OPENID from the WeChat context: the only identity the server trusts. */
export function callerOpenid(): string | null {
  const { OPENID } = sdk().getWXContext()
  // getWXContext reads environment variables; a digit-only value comes back as a number.
  return OPENID === undefined || OPENID === null || OPENID === '' ? null : String(OPENID)
}
