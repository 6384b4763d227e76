/**
 * The device the app runs on, as the contract names it. The app sends it with every call (the
 * `device` field beside `action`); the server decides from it what is sold and whether a price
 * may be shown (docs/payments.md "Channels by device"). In the mini-program it is WeChat's own
 * platform; in the H5 build it comes from the browser's user agent, so an iPhone's browser (or
 * Chrome's device emulation) shows the iOS screens.
 */
import Taro from '@tarojs/taro'
import type { Platform } from '@core/contract'

/** WeChat's platform string (wx.getDeviceInfo / getSystemInfoSync) → the contract's device. */
export function toPlatform(raw: string): Platform {
  const p = raw.toLowerCase()
  if (p === 'ios' || p === 'iphone' || p === 'ipad') return 'ios'
  if (p === 'windows' || p === 'mac' || p === 'devtools' || p === 'android') return p
  // HarmonyOS (ohos) and anything new: virtual payment works as on Android.
  return 'android'
}

/** A browser's user agent → the contract's device: iPhone/iPad/iPod is iOS, Android is Android, a desktop browser is `h5`. */
export function platformOfUserAgent(ua: string): Platform {
  if (/iPhone|iPad|iPod/i.test(ua)) return 'ios'
  if (/Android|HarmonyOS|OpenHarmony/i.test(ua)) return 'android'
  return 'h5'
}

export function devicePlatform(): Platform {
  // process.env.TARO_ENV, not a constant: the H5 build then drops the other branch and with it
  // Taro.getSystemInfoSync's user-agent parser (≈ 40 KB) from every page's chunk.
  if (process.env.TARO_ENV === 'h5') {
    return platformOfUserAgent(typeof navigator === 'undefined' ? '' : navigator.userAgent)
  } else {
    try {
      const info =
        (Taro as unknown as { getDeviceInfo?: () => { platform?: string } }).getDeviceInfo?.() ??
        Taro.getSystemInfoSync()
      return toPlatform(String(info.platform ?? ''))
    } catch {
      return 'android'
    }
  }
}
