import Taro from '@tarojs/taro'

/**
 * Taro.previewImage. In H5 the viewer is a swiper of ≈ 50 KiB gzip: it loads on the first tap
 * instead of with every page that shows a picture (docs/performance.md "H5 loading path").
 */
export function previewImage(options: { urls: string[]; current?: string }): void {
  if (process.env.TARO_ENV === 'h5') void import('./previewImageH5').then((m) => m.previewImageH5(options))
  else void Taro.previewImage(options)
}
