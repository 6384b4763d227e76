// Starts the local product for the e2e suite. The URL reaches the tests through process.env
// (jest runs them in this process with --runInBand) and a state file (when it does not).
const { existsSync, writeFileSync } = require('fs')
const os = require('os')
const path = require('path')
const { startLocalProduct } = require('../../scripts/bench/localcloud.cjs')

const ROOT = path.resolve(__dirname, '..', '..')
const STATE = path.join(os.tmpdir(), 'quanzi-e2e-state.json')

module.exports = async function globalSetup() {
  if (!existsSync(path.join(ROOT, 'dist', 'h5', 'index.html'))) {
    throw new Error(
      'dist/h5 is missing: build the H5 app first (NODE_ENV=production npx taro build --type h5); npm test does it before this suite.',
    )
  }
  if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
    throw new Error(
      '/usr/bin/chromium is missing: apt-get install -y chromium fonts-wqy-microhei (or set CHROMIUM_PATH)',
    )
  }
  const product = await startLocalProduct({ logFile: path.join(os.tmpdir(), 'quanzi-e2e-localcloud.log') })
  globalThis.__QUANZI_E2E__ = product
  process.env.QUANZI_E2E_URL = product.url
  writeFileSync(STATE, JSON.stringify({ url: product.url, pid: product.pid, logFile: product.logFile }))
}
