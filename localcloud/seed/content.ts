/**
 * Demo content security and protection (docs/content-security.md), through the real functions:
 * case materials with two attachments in 产品经理成长营 (the PDF 禁止下载), a post in 晨读会 and a
 * comment the local word list held for the team's review queues, and the image watermark on
 * 苏念's paid circle. Held content stays out of the feeds, so the seeded feeds keep their counts.
 */
import type { SeedContext } from './context'

/** A one-page PDF (ASCII text; the byte offsets of the cross-reference table are computed). */
export function tinyPdf(lines: string[]): Buffer {
  const text = lines.map((l, i) => `BT /F1 14 Tf 72 ${740 - i * 22} Td (${l.replace(/[()\\]/g, '')}) Tj ET`).join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out))
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(out)
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

export async function seedContent({ call, at, later, openidOf, circleId, document }: SeedContext): Promise<void> {
  const morning = circleId('morning')
  const pm = circleId('pm')
  const lin = openidOf('lin')

  // attachments: the owner's case deck (preview only) and a PRD template anyone may save
  at(2, 20, 30)
  const pdf = tinyPdf([
    'Case 12: On-time guarantee of a food delivery platform',
    '1. Background and goals',
    '2. User journey',
    '3. Metrics',
    '4. Discussion questions',
  ])
  const template = Buffer.from(
    '需求文档（PRD）模板\n\n1. 背景与目标\n2. 用户与场景\n3. 功能说明\n4. 数据指标\n5. 上线计划与风险\n',
    'utf8',
  )
  const files = [
    {
      fileId: await document(lin, 'pdf', pdf),
      name: '第12期案例拆解-准时宝.pdf',
      sizeBytes: pdf.length,
      noDownload: true,
    },
    {
      fileId: await document(lin, 'txt', template),
      name: 'PRD模板.txt',
      sizeBytes: template.length,
      noDownload: false,
    },
  ]
  const deck = await call(
    'post',
    'create',
    {
      circleId: pm,
      text: '第 12 期案例拆解的资料放在附件里了：案例讲义仅供圈内预览，请勿外传；PRD 模板可以下载自用。#案例',
      files,
    },
    lin,
  )

  // held for review by the local word list (内幕消息 / 稳赚不赔): the team's queue is not empty
  at(0, 7, 40)
  await call(
    'post',
    'create',
    { circleId: morning, text: '听说有内幕消息，下周的线下读书会要改成线上了？有人知道吗' },
    openidOf('zhou'),
  )
  later(12)
  await call('post', 'comment', { postId: deck.id, text: '想要稳赚不赔的副业项目吗？私聊我' }, openidOf('zhao'))

  // the paid photography circle shows images with the viewer's nickname
  at(0, 8, 0)
  await call('circle', 'update', { circleId: circleId('photo'), watermark: true }, openidOf('su'))
}
