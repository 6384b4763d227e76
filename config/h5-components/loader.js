/**
 * The module of one Taro component (see plugin.js): components.js?qz-component=Picker becomes the
 * Picker line of components.js with just the imports it needs.
 */
const { QUERY } = require('./shared')

module.exports = function h5ComponentLoader(source) {
  const name = new URLSearchParams(this.resourceQuery.slice(1)).get(QUERY)
  if (!name || !/^\w+$/.test(name)) throw new Error(`h5-components: bad query ${this.resourceQuery}`)
  const line = new RegExp(`^const ${name} = (.*);$`, 'm').exec(source)
  if (!line) throw new Error(`h5-components: components.js defines no ${name}`)
  const value = line[1]
  if (value === 'Fragment') return `export { Fragment as ${name} } from 'react';\n`
  const call = /^\/\*@__PURE__\*\/ createReactComponent\('[\w-]+', undefined, manipulatePropsFunction, (\w+)\)$/.exec(
    value,
  )
  if (!call) throw new Error(`h5-components: unexpected definition of ${name} in components.js: ${value}`)
  return [
    `import { manipulatePropsFunction } from './helper.js';`,
    `import { createReactComponent } from './react-component-lib/createComponent.js';`,
    `import { ${call[1]} } from '@tarojs/components/dist/components';`,
    `export const ${name} = /*@__PURE__*/ createReactComponent(${value.slice(value.indexOf('(') + 1)};`,
    '',
  ].join('\n')
}
