/**
 * Cloud storage stand-in. Uploads land in <dataDir>/storage/<path> and are named by content
 * (sha1), so the same image uploaded twice is one file. A file id looks like production's:
 * cloud://<envId>.local-bucket/uploads/<openid>/<sha1>.<ext>; GET /files/<path> serves it.
 */
import { createHash } from 'crypto'
import { createReadStream, existsSync, promises as fs, statSync } from 'fs'
import type { IncomingMessage, ServerResponse } from 'http'
import path from 'path'
import { HttpError, devOpenid, readBody, sendError, sendJson } from './http'

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
}

/** Post attachments (docs/content-security.md): documents, checked by signature where they have one. */
const DOCUMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  txt: 'text/plain; charset=utf-8',
  zip: 'application/zip',
}

function documentMatches(ext: string, bytes: Buffer): boolean {
  if (ext === 'pdf') return bytes.subarray(0, 5).toString('latin1') === '%PDF-'
  if (['docx', 'xlsx', 'pptx', 'zip'].includes(ext)) return bytes.subarray(0, 2).toString('latin1') === 'PK'
  if (['doc', 'xls', 'ppt'].includes(ext)) return bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))
  return !bytes.includes(0)
}

/** What the bytes are, by their signature; the declared extension must agree. */
export function sniffImage(bytes: Buffer): 'jpg' | 'png' | 'webp' | 'gif' | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg'
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'gif'
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'webp'
  return null
}

export interface Storage {
  root: string
  bucket: string
  handleUpload(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void>
  handleFile(req: IncomingMessage, res: ServerResponse, relativePath: string): void
  /** Stores bytes directly (the seed uses the HTTP endpoint; tests may use this). */
  put(openid: string, bytes: Buffer, ext: string): Promise<string>
  /** cloud://… → /files/… (how the H5 app and the dev tools show an image). */
  urlFor(fileID: string): string | null
  wipe(): Promise<void>
}

export function createStorage(options: { dataDir: string; envId: string }): Storage {
  const root = path.join(options.dataDir, 'storage')
  const bucket = `${options.envId}.local-bucket`

  async function put(openid: string, bytes: Buffer, ext: string): Promise<string> {
    const sha1 = createHash('sha1').update(bytes).digest('hex')
    const relative = `uploads/${openid}/${sha1}.${ext}`
    const file = path.join(root, relative)
    if (!existsSync(file)) {
      await fs.mkdir(path.dirname(file), { recursive: true })
      const temp = `${file}.${process.pid}.tmp`
      await fs.writeFile(temp, bytes)
      await fs.rename(temp, file)
    }
    return `cloud://${bucket}/${relative}`
  }

  return {
    root,
    bucket,
    put,
    async handleUpload(req, res, query) {
      try {
        const openid = devOpenid(req)
        if (!openid) throw new HttpError(401, 'unauthenticated', 'x-dev-openid is required to upload')
        const ext = (query.get('ext') ?? '').toLowerCase().replace(/^jpeg$/, 'jpg')
        if (DOCUMENT_TYPES[ext]) {
          const doc = await readBody(req, MAX_UPLOAD_BYTES)
          if (!documentMatches(ext, doc)) throw new HttpError(415, 'invalid_argument', `the file is not a ${ext}`)
          return sendJson(res, 200, { fileID: await put(openid, doc, ext) })
        }
        if (!CONTENT_TYPES[ext]) throw new HttpError(400, 'invalid_argument', 'ext must be jpg, png, webp or gif')
        const bytes = await readBody(req, MAX_UPLOAD_BYTES)
        const kind = sniffImage(bytes)
        if (!kind) throw new HttpError(415, 'invalid_argument', 'only jpg, png, webp and gif images may be uploaded')
        if (kind !== ext) throw new HttpError(415, 'invalid_argument', `the file is a ${kind}, not a ${ext}`)
        sendJson(res, 200, { fileID: await put(openid, bytes, ext) })
      } catch (err) {
        if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message, 'file')
        throw err
      }
    },
    handleFile(req, res, relativePath) {
      const normalized = path.posix.normalize(decodeURIComponent(relativePath)).replace(/^\/+/, '')
      const ext = path.extname(normalized).slice(1).toLowerCase()
      const file = path.join(root, normalized)
      const type = CONTENT_TYPES[ext] ?? DOCUMENT_TYPES[ext]
      if (normalized.startsWith('..') || !file.startsWith(root + path.sep) || !type || !existsSync(file)) {
        return sendError(res, 404, 'not_found', 'no such file')
      }
      const etag = `"${path.basename(normalized, `.${ext}`)}"`
      // names are content hashes: a name never changes content, so it may be cached for good
      const headers = {
        'content-type': type,
        'cache-control': 'public, max-age=31536000, immutable',
        etag,
      }
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers)
        return res.end()
      }
      res.writeHead(200, { ...headers, 'content-length': statSync(file).size })
      if (req.method === 'HEAD') return res.end()
      createReadStream(file).pipe(res)
    },
    urlFor(fileID) {
      const prefix = `cloud://${bucket}/`
      return fileID.startsWith(prefix) ? `/files/${fileID.slice(prefix.length)}` : null
    },
    async wipe() {
      await fs.rm(root, { recursive: true, force: true })
    },
  }
}
