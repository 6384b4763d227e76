import Taro from '@tarojs/taro'

/**
 * Sets the page title. Taro's H5 title bar writes the title as HTML (innerHTML): a circle name
 * like "<img onerror=…>" must reach it as text, so H5 gets it escaped; WeChat shows it as it is.
 */
export function setPageTitle(title: string): void {
  const text =
    process.env.TARO_ENV === 'h5' ? title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : title
  void Taro.setNavigationBarTitle({ title: text })
}
