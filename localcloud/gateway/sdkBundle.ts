/**
 * wx-server-sdk as one file, for the instances' cold starts. An instance resolves the SDK the
 * functions keep external (scripts/build-functions.mjs) from node_modules, as a CloudBase instance
 * does; that is some 300 files (its own, @cloudbase/node-sdk, axios, jsonwebtoken, …), and finding
 * and compiling them is most of a cold start (≈ 0.25 of ≈ 0.3 s of CPU). The same code bundled
 * into one file loads in half the time, and the seed starts sixteen instances (docs/performance.md).
 * Built once per SDK version into node_modules/.cache; the worker resolves `wx-server-sdk` to it.
 * No bundle (esbuild missing, a build error): the instances load the SDK from node_modules.
 */
import { existsSync, mkdirSync, readFileSync } from 'fs'
import path from 'path'

const bundles = new Map<string, string | null>()

/** The bundle for the SDK the functions under `functionsDir` resolve, built when missing; null when it cannot be. */
export function sdkBundle(functionsDir: string, log: (line: string) => void = () => undefined): string | null {
  let sdkPackage: string
  try {
    sdkPackage = require.resolve('wx-server-sdk/package.json', { paths: [functionsDir] })
  } catch {
    return null
  }
  if (bundles.has(sdkPackage)) return bundles.get(sdkPackage)!
  let out: string | null
  try {
    const version = JSON.parse(readFileSync(sdkPackage, 'utf8')).version as string
    const modules = path.resolve(path.dirname(sdkPackage), '..')
    out = path.join(modules, '.cache', 'quanzi-localcloud', `wx-server-sdk-${version}.cjs`)
    if (!existsSync(out)) {
      mkdirSync(path.dirname(out), { recursive: true })
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { buildSync } = require('esbuild') as typeof import('esbuild')
      const tmp = `${out}.${process.pid}.tmp`
      buildSync({
        entryPoints: [require.resolve('wx-server-sdk', { paths: [functionsDir] })],
        outfile: tmp,
        bundle: true,
        platform: 'node',
        target: 'node18',
        format: 'cjs',
        logLevel: 'silent',
      })
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('fs').renameSync(tmp, out)
    }
  } catch (err) {
    log(`[gateway] wx-server-sdk bundle not made, instances load it from node_modules: ${(err as Error).message}`)
    out = null
  }
  bundles.set(sdkPackage, out)
  return out
}
