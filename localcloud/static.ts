/**
 * Serves the H5 build (dist/h5) at /, with index.html for any path that is not a file (the app
 * uses a hash router, but a reload on a deep link should still land in the app). Hashed assets
 * are cached; index.html never is, so a rebuild shows at the next reload.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'fs'
import type { IncomingMessage, ServerResponse } from 'http'
import path from 'path'
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'zlib'

/**
 * Text assets are sent compressed, as a CDN does: Brotli to a browser that takes it (every current
 * one; ~15 % smaller than gzip for the app's scripts), else gzip. The H5 bundle is ~3× smaller on
 * the wire. Each file is compressed once per build (cached by mtime).
 */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt'])
type Encoding = 'br' | 'gzip'
const compressedCache = new Map<string, { mtimeMs: number; body: Buffer }>()

function compressed(file: string, mtimeMs: number, encoding: Encoding): Buffer {
  const key = `${encoding} ${file}`
  const hit = compressedCache.get(key)
  if (hit && hit.mtimeMs === mtimeMs) return hit.body
  const raw = readFileSync(file)
  const body =
    encoding === 'br'
      ? brotliCompressSync(raw, {
          params: {
            [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
            [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        })
      : gzipSync(raw, { level: 9 })
  compressedCache.set(key, { mtimeMs, body })
  return body
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, urlPath: string): void {
  const index = path.join(root, 'index.html')
  if (!existsSync(index)) return missingBuild(res, root)
  let relative: string
  try {
    relative = path.posix.normalize(decodeURIComponent(urlPath)).replace(/^\/+/, '')
  } catch {
    relative = ''
  }
  let file = path.join(root, relative)
  if (!file.startsWith(root) || relative === '' || !existsSync(file) || !statSync(file).isFile()) file = index
  const ext = path.extname(file).toLowerCase()
  const isIndex = file === index
  const hashed = /[.-][0-9a-f]{8,}\./.test(path.basename(file))
  const stat = statSync(file)
  const headers: Record<string, string | number> = {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'cache-control': isIndex ? 'no-cache' : hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=60',
    vary: 'accept-encoding',
  }
  const accepted = String(req.headers['accept-encoding'] ?? '')
  const encoding: Encoding | null = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null
  if (encoding && COMPRESSIBLE.has(ext)) {
    const body = compressed(file, stat.mtimeMs, encoding)
    res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': body.length })
    res.end(req.method === 'HEAD' ? undefined : body)
    return
  }
  res.writeHead(200, { ...headers, 'content-length': stat.size })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  createReadStream(file).pipe(res)
}

function missingBuild(res: ServerResponse, root: string): void {
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>圈子 · 本地云</title>
<style>body{font:15px/1.6 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:640px;margin:48px auto;padding:0 20px;color:#222}
code{background:#f3f3f3;padding:2px 6px;border-radius:4px}</style></head><body>
<h1>H5 应用还没有构建</h1>
<p>本地云已经在运行（云函数、数据库、存储、定时器、控制接口都可用），但找不到 <code>${root}/index.html</code>。</p>
<p>构建 H5：<code>npx taro build --type h5</code>，或者重新运行 <code>npm start</code>（缺少构建时会自动构建）。</p>
<p>The local cloud is running, but the H5 app has not been built. Run <code>npx taro build --type h5</code>.</p>
<p><a href="/_control/health">/_control/health</a> · <a href="/api/dev/users">/api/dev/users</a></p>
</body></html>`
  res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
  res.end(html)
}
