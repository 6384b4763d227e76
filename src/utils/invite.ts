/**
 * The invite code a visitor arrived with (「X 邀请你加入」), remembered per circle for a week on the
 * device, so whichever way they then come in (free join, application, purchase, trial) carries
 * it. The server decides what a code is worth (runtime/invites.ts); an unknown one is ignored.
 */
import Taro from '@tarojs/taro'

const KEY = (circleId: string) => `quanzi.invite.${circleId}`
const WEEK_MS = 7 * 24 * 3600 * 1000
const CODE = /^[A-Za-z0-9_-]{1,32}$/

export function rememberInvite(circleId: string, code: string): void {
  if (!circleId || !CODE.test(code)) return
  try {
    Taro.setStorageSync(KEY(circleId), JSON.stringify({ code, at: Date.now() }))
  } catch {
    // storage full or unavailable: the invite is simply not remembered
  }
}

export function rememberedInvite(circleId: string): string | undefined {
  try {
    const raw = Taro.getStorageSync(KEY(circleId)) as string
    if (!raw) return undefined
    const { code, at } = JSON.parse(raw) as { code?: string; at?: number }
    if (!code || !CODE.test(code) || !at || Date.now() - at > WEEK_MS) return undefined
    return code
  } catch {
    return undefined
  }
}
