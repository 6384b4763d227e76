import { execFileSync } from 'child_process'
import { mkdtempSync, mkdirSync, rmSync } from 'fs'
import path from 'path'

export const ROOT = path.resolve(__dirname, '..', '..')
export const WORKER = path.join(ROOT, 'localcloud', 'gateway', 'worker.cjs')

/**
 * Bundles the fixture functions with the real build script into a fresh folder under
 * node_modules/.cache (so the bundles resolve wx-server-sdk from the project, as deployed ones
 * resolve their own). Returns the folder; remove it with cleanup().
 */
export function buildFixtures(): { dir: string; cleanup: () => void } {
  const base = path.join(ROOT, 'node_modules', '.cache', 'quanzi-localcloud-test')
  mkdirSync(base, { recursive: true })
  const dir = mkdtempSync(path.join(base, 'fn-'))
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'scripts', 'build-functions.mjs'),
      '--dir',
      path.join(__dirname, 'fixtures', 'functions'),
      '--out',
      dir,
    ],
    { stdio: 'pipe' },
  )
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const base = path.join(ROOT, 'node_modules', '.cache', 'quanzi-localcloud-test')
  mkdirSync(base, { recursive: true })
  const dir = mkdtempSync(path.join(base, `${prefix}-`))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export const quiet = () => undefined
