// The local values of the functions' configuration (runtime/env.ts): npm start gives every
// instance the local template id and secrets it generated itself, kept per data folder.
import { readFileSync } from 'fs'
import path from 'path'
import { ENV_TABLE } from '../../cloudfunctions/runtime/env'
import { LOCAL_SECRETS_FILE, localFunctionEnv } from '../../localcloud/config'
import { tempDir } from './helpers'

describe('local configuration values', () => {
  it('gives every variable with a local value that value, and generates each secret once per data folder', () => {
    const a = tempDir('config-a')
    const b = tempDir('config-b')
    try {
      const first = localFunctionEnv(a.dir)
      expect(first.QZ_TEMPLATE_RENEWAL).toBe('qz_tpl_renewal_reminder')
      expect(first.QZ_LOCAL_CLOUD).toBe('true')
      const secrets = ENV_TABLE.filter(
        (v) => typeof v.local === 'object' && v.local !== null && 'secret' in v.local,
      ).map((v) => v.name)
      expect(secrets).toContain('QZ_TICKET_SECRET')
      for (const name of secrets) expect(first[name]).toMatch(/^[A-Za-z0-9_-]{40,}$/)
      // kept: a restart keeps tickets valid
      expect(localFunctionEnv(a.dir)).toEqual(first)
      expect(JSON.parse(readFileSync(path.join(a.dir, LOCAL_SECRETS_FILE), 'utf8')).QZ_TICKET_SECRET).toBe(
        first.QZ_TICKET_SECRET,
      )
      // another data folder, another secret
      expect(localFunctionEnv(b.dir).QZ_TICKET_SECRET).not.toBe(first.QZ_TICKET_SECRET)
    } finally {
      a.cleanup()
      b.cleanup()
    }
  })
})
