import Taro from '@tarojs/taro'

/** H5 only, loaded by utils/previewImage on the first tap (its own chunk). */
export function previewImageH5(options: { urls: string[]; current?: string }): Promise<unknown> {
  return Taro.previewImage(options)
}
