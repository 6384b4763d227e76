#!/usr/bin/env node
// `npm run lint`: ESLint over the tree (eslint.config.mjs; warnings fail too), then Prettier's check
// over the same files `npm run format` writes. `--format` writes instead of checking (npm run format).
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name)

/** What Prettier owns: every source, test, script and config file (docs and JSON are left as written). */
export const FORMAT_GLOBS = [
  'src/**/*.{ts,tsx}',
  'cloudfunctions/**/*.ts',
  'localcloud/**/*.{ts,mjs,cjs,js}',
  'test/**/*.{ts,tsx,js,mjs,cjs}',
  'scripts/**/*.{mjs,js,cjs,ts}',
  'config/**/*.ts',
  'types/**/*.ts',
  '*.{js,mjs,ts}',
]

function run(command, args) {
  const res = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' })
  return res.status === 0
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--format')) {
    process.exit(run(bin('prettier'), ['--write', '--log-level', 'warn', ...FORMAT_GLOBS]) ? 0 : 1)
  }
  const linted = run(bin('eslint'), ['--max-warnings=0', '.'])
  const formatted = run(bin('prettier'), ['--check', '--log-level', 'warn', ...FORMAT_GLOBS])
  if (!formatted) console.error('prettier: the files above are not formatted (npm run format writes them)')
  process.exit(linted && formatted ? 0 : 1)
}
