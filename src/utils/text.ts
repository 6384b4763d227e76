export type TextPart = { kind: 'text'; text: string } | { kind: 'tag'; text: string; tag: string }

/**
 * Splits post text into plain runs and #tags, so tags can be tapped. Only words the server
 * recognised as tags (post.tags) become links; anything else stays text.
 */
export function splitTags(text: string, tags: readonly string[]): TextPart[] {
  const parts: TextPart[] = []
  const re = /#([^\s#]+)/g
  let last = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) {
    const word = m[1]
    // "#标签，" — a tag ends at the first punctuation the server would not keep.
    const tag = tags.find(
      (t) =>
        word.startsWith(t) &&
        (word.length === t.length || /^[，。！？、,.!?;；:：)）】」'"]/.test(word.slice(t.length))),
    )
    if (!tag) continue
    if (m.index > last) parts.push({ kind: 'text', text: text.slice(last, m.index) })
    parts.push({ kind: 'tag', text: '#' + tag, tag })
    last = m.index + 1 + tag.length
    re.lastIndex = last
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) })
  return parts
}

/** Length as a person counts it (an emoji is one), matching the server's limits. */
export function charCount(s: string): number {
  return [...s].length
}

/** "a, b  c，d" → ['a','b','c','d'] (deduplicated, no #). */
export function parseTagList(input: string): string[] {
  const out: string[] = []
  for (const raw of input.split(/[\s,，、#]+/)) {
    const t = raw.trim()
    if (t && !out.includes(t)) out.push(t)
  }
  return out
}
