/**
 * The local values of the functions' configuration (cloudfunctions/runtime/env.ts,
 * docs/configuration.md): what production sets in CloudBase, the local cloud gives every instance
 * itself — fixed local values (e.g. the local subscription template id) and secrets generated once
 * per data folder into <dataDir>/local-secrets.json, so a restart keeps issued tickets valid.
 * Values other parts of the local cloud own (the pay simulator's WXPAY_*, the gateway's clock and
 * trigger source) are theirs.
 */
import { randomBytes } from 'crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs'
import path from 'path'
import { ENV_TABLE } from '../cloudfunctions/runtime/env'

export const LOCAL_SECRETS_FILE = 'local-secrets.json'

export function localFunctionEnv(dataDir: string): Record<string, string> {
  const env: Record<string, string> = {}
  const file = path.join(dataDir, LOCAL_SECRETS_FILE)
  let secrets: Record<string, string> = {}
  try {
    if (existsSync(file)) secrets = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    secrets = {}
  }
  let changed = false
  for (const v of ENV_TABLE) {
    if (typeof v.local === 'string') env[v.name] = v.local
    else if (v.local && 'secret' in v.local) {
      if (typeof secrets[v.name] !== 'string' || secrets[v.name].length < 32) {
        secrets[v.name] = randomBytes(32).toString('base64url')
        changed = true
      }
      env[v.name] = secrets[v.name]
    }
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 })
  }
  return env
}
