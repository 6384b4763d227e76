// Minimal multipart/form-data reader. wx-server-sdk posts `wx.openApi` and `wx.wxPayApi` as
// multipart (fields action, apiName, requestData as bytes, envName, …); only field names and raw
// bytes are needed here.

export function parseMultipart(body: Buffer, contentType: string): Record<string, Buffer> {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  if (!match) return {}
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`)
  const fields: Record<string, Buffer> = {}
  let start = body.indexOf(boundary)
  while (start !== -1) {
    const partStart = start + boundary.length
    if (body.subarray(partStart, partStart + 2).toString() === '--') break
    const next = body.indexOf(boundary, partStart)
    if (next === -1) break
    // part = \r\n headers \r\n\r\n content \r\n
    const part = body.subarray(partStart + 2, next - 2)
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8')
      const name = /name="([^"]*)"/i.exec(headers)?.[1]
      if (name !== undefined) fields[name] = Buffer.from(part.subarray(headerEnd + 4))
    }
    start = next
  }
  return fields
}
