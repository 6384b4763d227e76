const { rmSync } = require('fs')
const os = require('os')
const path = require('path')

module.exports = async function globalTeardown() {
  const product = globalThis.__QUANZI_E2E__
  if (product) await product.stop()
  rmSync(path.join(os.tmpdir(), 'quanzi-e2e-state.json'), { force: true })
}
