// Jest transform for the Node-side suites (core, functions, local cloud): esbuild strips types in
// ~1 ms a file, far faster than babel or ts-jest. Type errors are caught by `tsc --noEmit`.
const { transformSync } = require('esbuild')

module.exports = {
  process(source, filename) {
    const loader = filename.endsWith('.tsx') ? 'tsx' : filename.endsWith('.ts') ? 'ts' : 'js'
    const { code, map } = transformSync(source, {
      loader,
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: filename,
    })
    return { code, map }
  },
}
