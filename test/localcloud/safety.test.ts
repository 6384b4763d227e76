import { execFileSync } from 'child_process'
import path from 'path'
import { assertNoRealCredentials, RealCredentialsError, realCloudVariables } from '../../localcloud/safety'
import { instanceEnv } from '../../localcloud/gateway/gateway'
import { ROOT } from './helpers'

describe('never next to the real cloud', () => {
  it('refuses real CloudBase credentials or TCB_ settings in the environment, naming them', () => {
    expect(() => assertNoRealCredentials({ TENCENTCLOUD_SECRETID: 'AKID…', TENCENTCLOUD_SECRETKEY: 'x' })).toThrow(
      RealCredentialsError,
    )
    expect(realCloudVariables({ TCB_ENV: 'prod-123', TENCENTCLOUD_SESSIONTOKEN: 't', PATH: '/bin' })).toEqual([
      'TCB_ENV',
      'TENCENTCLOUD_SESSIONTOKEN',
    ])
    expect(() => assertNoRealCredentials({ PATH: '/bin', TENCENTCLOUD_SECRETID: '' })).not.toThrow()
  })

  it('gives function instances fake keys and the local env, never the host variables', () => {
    const saved = process.env.SOME_HOST_SECRET
    process.env.SOME_HOST_SECRET = 'leak'
    const env = instanceEnv({ envId: 'quanzi-local', appId: 'wxlocal' })
    expect(env.SOME_HOST_SECRET).toBeUndefined()
    expect(env).toMatchObject({
      TENCENTCLOUD_SECRETID: expect.stringContaining('fake'),
      TENCENTCLOUD_SECRETKEY: expect.stringContaining('fake'),
      TENCENTCLOUD: 'true',
      SCF_NAMESPACE: 'quanzi-local',
      WX_APPID: 'wxlocal',
    })
    if (saved === undefined) delete process.env.SOME_HOST_SECRET
    else process.env.SOME_HOST_SECRET = saved
  })

  it('stops npm start before building anything when real keys are set', () => {
    let status = 0
    let stderr = ''
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), '--no-h5'], {
        env: { ...process.env, TENCENTCLOUD_SECRETID: 'AKIDreal', TENCENTCLOUD_SECRETKEY: 'real' },
        stdio: 'pipe',
      })
    } catch (err: any) {
      status = err.status
      stderr = String(err.stderr)
    }
    expect(status).toBe(2)
    expect(stderr).toContain('TENCENTCLOUD_SECRETID')
    expect(stderr).not.toContain('AKIDreal')
  })
})
