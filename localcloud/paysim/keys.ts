/**
 * The simulator's keys, made at first start and kept in <dataDir>/paysim/keys.json so a restart
 * keeps verifying what an earlier run signed: the merchant's API key pair (apiclient_key.pem and
 * its certificate serial), the "WeChat Pay" platform key pair in public-key mode (id
 * PUB_KEY_ID_LOCAL…), and the 32-byte APIv3 key. They are local fakes and never leave the machine.
 */
import { generateKeyPairSync, randomBytes } from 'crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs'
import path from 'path'

export interface PaysimKeys {
  mchid: string
  merchantSerial: string
  merchantPrivateKey: string
  merchantPublicKey: string
  publicKeyId: string
  platformPrivateKey: string
  platformPublicKey: string
  apiv3Key: string
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function rsaPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
}

export function generateKeys(): PaysimKeys {
  const merchant = rsaPair()
  const platform = rsaPair()
  const bytes = randomBytes(32)
  return {
    mchid: '1900000001',
    merchantSerial: randomBytes(20).toString('hex').toUpperCase(),
    merchantPrivateKey: merchant.privateKey,
    merchantPublicKey: merchant.publicKey,
    publicKeyId: `PUB_KEY_ID_LOCAL${randomBytes(8).toString('hex').toUpperCase()}`,
    platformPrivateKey: platform.privateKey,
    platformPublicKey: platform.publicKey,
    // WeChat's APIv3 key is 32 printable characters
    apiv3Key: Array.from(bytes, (b) => ALNUM[b % ALNUM.length]).join(''),
  }
}

export function loadOrCreateKeys(dir: string): PaysimKeys {
  const file = path.join(dir, 'keys.json')
  if (existsSync(file)) {
    try {
      const keys = JSON.parse(readFileSync(file, 'utf8')) as PaysimKeys
      if (keys.merchantPrivateKey && keys.platformPrivateKey && keys.apiv3Key?.length === 32) return keys
    } catch {
      // unreadable: make new ones below
    }
  }
  mkdirSync(dir, { recursive: true })
  const keys = generateKeys()
  writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 })
  return keys
}
