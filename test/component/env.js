// Taro 4 picks its runtime by platform; the tests run the web (H5) components in jsdom.
process.env.TARO_PLATFORM = 'web'
process.env.TARO_ENV = 'h5'
// React 18: updates in tests are wrapped in act(); tell React this is such an environment.
globalThis.IS_REACT_ACT_ENVIRONMENT = true
// jsdom has no IntersectionObserver; Taro's H5 Image uses one for lazyLoad.
globalThis.IntersectionObserver = class {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return []
  }
}
