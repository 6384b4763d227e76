// Shared by the babel plugin and the webpack loader of config/h5-components (see plugin.js).
const fs = require('fs')
const path = require('path')

/** Taro's React wrappers of its H5 components: one module that defines every component. */
const COMPONENTS_FILE = require.resolve('@tarojs/components/lib/react/components.js')
const QUERY = 'qz-component'

let names
/** The names components.js exports (View, Text, Picker, …). */
function componentNames() {
  if (!names) {
    const text = fs.readFileSync(COMPONENTS_FILE, 'utf8')
    const list = /export\s*\{([^}]*)\}/.exec(text)
    if (!list) throw new Error(`h5-components: no export list in ${COMPONENTS_FILE}`)
    names = new Set(
      list[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
  }
  return names
}

/** The request of one component's own module. */
function componentRequest(name) {
  return `${COMPONENTS_FILE.split(path.sep).join('/')}?${QUERY}=${name}`
}

module.exports = { COMPONENTS_FILE, QUERY, componentNames, componentRequest }
