import { SEARCH_LIMITS } from './limits'
/**
 * Search (docs/search.md): the normalisation, the index terms a post (or a circle) carries, the
 * terms a keyword asks for, and where a keyword matches a text (the highlighted ranges). Pure: the
 * post write, the search query, the back-fill timer and the app all use these same functions.
 *
 * The index is character bigrams, as Lucene's CJK analyzer does: Chinese has no spaces, and a
 * dictionary tokeniser (jieba and the like) needs a dictionary of megabytes in every function and
 * still misses names it does not know. Bigrams find any substring of two characters or more.
 */

/** One character of the normalised text, and where it came from in the original (UTF-16 offsets). */
interface NormChar {
  /** A folded word character, or ' ' for any run of separators. */
  ch: string
  start: number
  end: number
}

const isCjk = (c: number) =>
  (c >= 0x3400 && c <= 0x4dbf) || // CJK extension A
  (c >= 0x4e00 && c <= 0x9fff) || // CJK unified ideographs
  (c >= 0xf900 && c <= 0xfaff) || // compatibility ideographs
  (c >= 0x20000 && c <= 0x2ebef) || // extensions B–F
  (c >= 0x3040 && c <= 0x30ff) || // kana
  (c >= 0xac00 && c <= 0xd7af) // hangul

/** A letter or digit (ASCII, Latin-1/Extended, CJK): everything else separates words. */
const isWordChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) ||
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
  isCjk(c) ||
  c === 0x3007 // 〇

/** Full-width ASCII (Ａ１！) to half-width, the ideographic space to a space; then lower case. */
function fold(ch: string): string {
  let c = ch.codePointAt(0)!
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0
  else if (c === 0x3000) c = 0x20
  const half = String.fromCodePoint(c)
  const lower = half.toLowerCase()
  // a character whose lower case is two characters (İ) keeps its own form, so offsets stay one to one
  return [...lower].length === 1 ? lower : half
}

/** The text folded to word characters and single separators, each mapped back to the original. */
export function normalise(text: string): NormChar[] {
  const out: NormChar[] = []
  let offset = 0
  for (const raw of text) {
    const start = offset
    offset += raw.length
    const ch = fold(raw)
    if (isWordChar(ch.codePointAt(0)!)) out.push({ ch, start, end: offset })
    else if (out.length > 0 && out[out.length - 1].ch !== ' ') out.push({ ch: ' ', start, end: offset })
  }
  if (out.length > 0 && out[out.length - 1].ch === ' ') out.pop()
  return out
}

/** The normalised form as a string (separators as one space), e.g. for display or tests. */
export const normalisedText = (text: string): string =>
  normalise(text)
    .map((c) => c.ch)
    .join('')

/** Distinct bigrams of consecutive word characters, in order of first appearance. */
function bigrams(chars: NormChar[], cap: number): string[] {
  const seen = new Set<string>()
  for (let i = 0; i + 1 < chars.length && seen.size < cap; i++) {
    if (chars[i].ch === ' ' || chars[i + 1].ch === ' ') continue
    seen.add(chars[i].ch + chars[i + 1].ch)
  }
  return [...seen]
}

/** The index terms of a text (a post's `terms`); of several texts (a circle's name and tags) together. */
export function searchTerms(...texts: string[]): string[] {
  const seen = new Set<string>()
  for (const text of texts) {
    for (const term of bigrams(normalise(text), SEARCH_LIMITS.termsPerRecord)) {
      if (seen.size >= SEARCH_LIMITS.termsPerRecord) break
      seen.add(term)
    }
  }
  return [...seen]
}

const hasCjk = (term: string) => [...term].some((ch) => isCjk(ch.codePointAt(0)!))

/**
 * The terms a keyword asks the index for: every one must be in a matching record's `terms`. The
 * database walks the index on the first, so Chinese bigrams (rarer than Latin ones such as "er")
 * go first. Empty when the keyword has no two adjacent word characters: such a keyword cannot be
 * searched (search_keyword_too_short).
 */
export function queryTerms(keyword: string): string[] {
  const all = bigrams(normalise(keyword), Number.MAX_SAFE_INTEGER)
  const ordered = [...all.filter(hasCjk), ...all.filter((t) => !hasCjk(t))]
  return ordered.slice(0, SEARCH_LIMITS.termsPerQuery)
}

/**
 * Where a keyword occurs in a text, as [start, end) UTF-16 ranges of the original text (the
 * highlighted spans), non-overlapping, in order. Matching is on the normalised forms: case and
 * width do not matter, and any run of spaces or punctuation matches any other.
 */
export function matchRanges(text: string, keyword: string): [number, number][] {
  const needle = normalise(keyword).map((c) => c.ch)
  if (needle.length === 0) return []
  const hay = normalise(text)
  const ranges: [number, number][] = []
  for (let i = 0; i + needle.length <= hay.length;) {
    let j = 0
    while (j < needle.length && hay[i + j].ch === needle[j]) j++
    if (j === needle.length) {
      ranges.push([hay[i].start, hay[i + needle.length - 1].end])
      i += needle.length
    } else {
      i++
    }
  }
  return ranges
}

/** Whether the keyword occurs in the text (the check after the index narrowed the candidates). */
export const matches = (text: string, keyword: string): boolean => matchRanges(text, keyword).length > 0

/** A text cut into plain and highlighted pieces, for rendering the ranges. */
export function highlightPieces(text: string, ranges: [number, number][]): { text: string; hit: boolean }[] {
  const pieces: { text: string; hit: boolean }[] = []
  let at = 0
  for (const [start, end] of ranges) {
    if (start < at || end > text.length || start >= end) continue
    if (start > at) pieces.push({ text: text.slice(at, start), hit: false })
    pieces.push({ text: text.slice(start, end), hit: true })
    at = end
  }
  if (at < text.length) pieces.push({ text: text.slice(at), hit: false })
  return pieces
}
