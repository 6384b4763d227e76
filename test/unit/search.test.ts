import fc from 'fast-check'
import { highlightPieces, matchRanges, normalisedText, queryTerms, searchTerms } from '@core/search'
import { SEARCH_LIMITS } from '@core/limits'

const HAN = [
  ...'读书会周末一起去图书馆学习编程写作旅行摄影音乐电影咖啡早起跑步健身我们你他的了是在有和人这中大为上个国',
]
const hanText = fc
  .array(fc.constantFrom(...HAN, '，', '。', ' ', 'A', 'ｂ'), { minLength: 2, maxLength: 120 })
  .map((a) => a.join(''))

describe('normalising text for search', () => {
  it('folds full-width letters and digits, lower-cases, and turns punctuation runs into one space', () => {
    expect(normalisedText('ＡＢｃ１２３，，读书！  会')).toBe('abc123 读书 会')
    expect(normalisedText('  ——Hello…World  ')).toBe('hello world')
  })

  it('indexes bigrams of adjacent word characters, never across punctuation', () => {
    expect(searchTerms('读书会，周末')).toEqual(['读书', '书会', '周末'])
    expect(searchTerms('iPhone 15')).toEqual(['ip', 'ph', 'ho', 'on', 'ne', '15'])
  })

  it('caps the terms of one record', () => {
    const long = Array.from({ length: 3000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('')
    expect(searchTerms(long)).toHaveLength(SEARCH_LIMITS.termsPerRecord)
  })

  it('asks the index for Chinese bigrams before Latin ones, and for nothing when the keyword is one character', () => {
    expect(queryTerms('ab读书')).toEqual(['b读', '读书', 'ab'])
    expect(queryTerms('读')).toEqual([])
    expect(queryTerms('读 书')).toEqual([])
  })
})

describe('finding a keyword', () => {
  it('finds every Chinese substring of two characters or more through the index terms and the match', () => {
    fc.assert(
      fc.property(hanText, fc.nat(), fc.nat(), (text, a, b) => {
        const chars = [...text]
        const start = a % (chars.length - 1)
        const end = start + 2 + (b % (chars.length - start - 1))
        const keyword = chars.slice(start, end).join('')
        const wanted = queryTerms(keyword)
        fc.pre(wanted.length > 0)
        const terms = new Set(searchTerms(text))
        expect(wanted.every((t) => terms.has(t))).toBe(true)
        expect(matchRanges(text, keyword).length).toBeGreaterThan(0)
      }),
      { numRuns: 500 },
    )
  })

  it('highlights each occurrence by its place in the original text, whatever its width or case', () => {
    const text = '周末读书会：ＡＩ，读书；ai  读书'
    const ranges = matchRanges(text, 'AI 读书')
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['ＡＩ，读书', 'ai  读书'])
    expect(highlightPieces(text, ranges)).toEqual([
      { text: '周末读书会：', hit: false },
      { text: 'ＡＩ，读书', hit: true },
      { text: '；', hit: false },
      { text: 'ai  读书', hit: true },
    ])
  })

  it('does not match a keyword whose bigrams all occur but not together', () => {
    expect(matchRanges('读书 书读', '读书读')).toEqual([])
    expect(matchRanges('会读书', '书会')).toEqual([])
  })
})
