/**
 * H5: a page's files loaded before the app navigates to it. The table of each page's files is the
 * one index.html's bootstrap carries (config/h5-boot.js, window.__qzRoutes); without it (the
 * mini-program, a development build) this resolves at once and does nothing.
 *
 * Why: Taro's H5 router loads a page's chunk when it navigates, and a back pressed while that chunk
 * is still arriving leaves it showing no page (the late page replaces the one gone back to). A
 * page's chunk executed ahead is installed in webpack's chunk table (and its stylesheet found in
 * the document), so the router's import() of it settles at once.
 */
const loaded = new Map<string, Promise<void>>()

export function loadPageAhead(url: string, timeoutMs = 3000): Promise<void> {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return Promise.resolve()
  const routes = (window as { __qzRoutes?: Record<string, string[]> }).__qzRoutes
  const files = routes?.[url.split('?')[0].replace(/^\//, '')] ?? []
  const all = Promise.all(files.map(loadFile)).then(() => undefined)
  // never holds a navigation up for long: at worst the router loads the page itself, as without this
  return Promise.race([all, new Promise<void>((resolve) => setTimeout(resolve, timeoutMs))])
}

function loadFile(href: string): Promise<void> {
  let done = loaded.get(href)
  if (!done) {
    done = new Promise<void>((resolve) => {
      const css = href.endsWith('.css')
      const present = document.querySelector(css ? `link[rel="stylesheet"][href="${href}"]` : `script[src="${href}"]`)
      if (present) return resolve()
      const el = css ? document.createElement('link') : document.createElement('script')
      if (el instanceof HTMLLinkElement) {
        el.rel = 'stylesheet'
        el.href = href
      } else {
        el.src = href
        el.async = true
      }
      el.onload = () => resolve()
      el.onerror = () => resolve() // the router will try again and show its own error
      document.head.appendChild(el)
    })
    loaded.set(href, done)
  }
  return done
}
