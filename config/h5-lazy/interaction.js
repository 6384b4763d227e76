/**
 * Taro's toast, modal, action sheet and loading for the H5 build, loaded on first use
 * (docs/performance.md "H5 loading path"). config/index.ts puts this module in place of
 * @tarojs/taro-h5's ui/interaction module: the real one (≈ 7 KiB gzip) is a chunk of its own that the
 * browser prefetches once the page is up, so no first screen waits for it and the first toast
 * rarely does. Every one of these already answers with a promise; the call reaches Taro's own a
 * microtask later (or once the chunk is in), in the order the calls were made.
 */
let real
function load() {
  if (!real) real = import(/* webpackPrefetch: true */ '@tarojs/taro-h5/dist/api/ui/interaction/index.js?qz-real')
  return real
}

const later =
  (name) =>
  (...args) =>
    load().then((m) => m[name](...args))

export const showToast = later('showToast')
export const hideToast = later('hideToast')
export const showLoading = later('showLoading')
export const hideLoading = later('hideLoading')
export const showModal = later('showModal')
export const showActionSheet = later('showActionSheet')
export const enableAlertBeforeUnload = later('enableAlertBeforeUnload')
export const disableAlertBeforeUnload = later('disableAlertBeforeUnload')
