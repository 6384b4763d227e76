/**
 * One module per Taro component in the H5 build (docs/performance.md "H5 loading path").
 *
 * `@tarojs/components` is, on H5, a single module (lib/react/components.js) that wraps every
 * component and imports each one's custom element. Tree shaking is global, so that module keeps
 * every component any page uses, and a page that shows only View and Text still loads the picker,
 * the textarea, the switch… This babel plugin rewrites
 *   import { View, Text as T } from '@tarojs/components'
 * into one import per component of that component's own module (loader.js builds it from
 * components.js), so each page's chunks carry the components it renders and no more.
 * Names that are not components (types) stay in the original import.
 */
const { componentNames, componentRequest } = require('./shared')

module.exports = function h5Components({ types: t }) {
  return {
    name: 'qz-h5-components',
    visitor: {
      ImportDeclaration(path) {
        const node = path.node
        if (node.source.value !== '@tarojs/components' || node.importKind === 'type') return
        const known = componentNames()
        const moved = node.specifiers.filter(
          (s) => t.isImportSpecifier(s) && s.importKind !== 'type' && known.has(s.imported.name ?? s.imported.value),
        )
        if (moved.length === 0) return
        const rest = node.specifiers.filter((s) => !moved.includes(s))
        const imports = moved.map((s) =>
          t.importDeclaration([s], t.stringLiteral(componentRequest(s.imported.name ?? s.imported.value))),
        )
        if (rest.length) imports.unshift(t.importDeclaration(rest, node.source))
        path.replaceWithMultiple(imports)
      },
    },
  }
}
