/**
 * The local cloud must never reach the real one. wx-server-sdk picks up credentials from the
 * environment, so a developer's real CloudBase keys in the shell would make a local run write to
 * production if the endpoint override were ever missing. The local cloud gives its function
 * instances fake keys of its own, and refuses to start when real ones are present.
 */
const CREDENTIAL_VARIABLES = ['TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'TENCENTCLOUD_SESSIONTOKEN']

/** Names (never values) of the variables that look like real cloud credentials or targets. */
export function realCloudVariables(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((key) => env[key] !== undefined && env[key] !== '')
    .filter((key) => CREDENTIAL_VARIABLES.includes(key) || key.startsWith('TCB_'))
    .sort()
}

export class RealCredentialsError extends Error {
  constructor(readonly variables: string[]) {
    super(
      `Refusing to start the local cloud: real CloudBase settings are in the environment (${variables.join(', ')}).\n` +
        'The local cloud sets its own fake credentials for the functions it runs. Unset these variables in this shell ' +
        '(e.g. `env -u TENCENTCLOUD_SECRETID -u TENCENTCLOUD_SECRETKEY npm start`) and try again.',
    )
    this.name = 'RealCredentialsError'
  }
}

export function assertNoRealCredentials(env: NodeJS.ProcessEnv = process.env): void {
  const found = realCloudVariables(env)
  if (found.length > 0) throw new RealCredentialsError(found)
}
