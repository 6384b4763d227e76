/**
 * Short-lived URLs for post attachments (post.openFile). Production: cloud.getTempFileURL (an
 * HTTPS URL valid for maxAge seconds). Local cloud (and tests pointed at one): the storage
 * stand-in's `/files/<path>` on the app's own origin (localcloud/storage.ts).
 */
import { isLocalCloud, type Env } from '../payment/config'
import { tempFileUrls } from '../cloud'

/** The SDK is pointed at a local cloud (npm start, tests). */
export function pointsAtLocalCloud(env: Env): boolean {
  return isLocalCloud(env) || /\/\/(127\.0\.0\.1|localhost)[:/]/.test(env.TCB_CONTEXT_CNFG ?? '')
}

export async function fileUrlFor(
  fileId: string,
  maxAgeSeconds: number,
  env: Env = process.env,
): Promise<string | null> {
  if (pointsAtLocalCloud(env)) {
    const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId)
    return m ? `/files/${m[1]}` : null
  }
  const urls = await tempFileUrls([fileId], maxAgeSeconds)
  return urls[fileId] ?? null
}
