import { PRICE_INPUT_RANGE_FEN, parsePriceInput } from '../../../cloudfunctions/core/money/pricing'
import { fen as contractFen } from '../../../cloudfunctions/core/contracts/base'

describe('the one price-input parser', () => {
  it('reads yuan with up to two decimals as exact fen', () => {
    expect(parsePriceInput('19.9')).toEqual({ ok: true, fen: 1990 })
    expect(parsePriceInput('4.35')).toEqual({ ok: true, fen: 435 })
    expect(parsePriceInput(' ¥1299 ')).toEqual({ ok: true, fen: 129900 })
    expect(parsePriceInput('.5')).toEqual({ ok: true, fen: 50 })
    expect(parsePriceInput('0', { minFen: 0 })).toEqual({ ok: true, fen: 0 })
  })

  it('refuses a negative price instead of dropping its sign, and states the range', () => {
    for (const text of ['-50', '-0.01', '－8']) {
      const r = parsePriceInput(text, { label: '入圈价格' })
      expect(r).toEqual({ ok: false, problem: '入圈价格不能为负数：入圈价格需在 ¥0.01 – ¥1,000,000.00 之间' })
    }
  })

  it('refuses a price past the range with the allowed range, however many digits', () => {
    expect(parsePriceInput('99999999')).toEqual({ ok: false, problem: '价格需在 ¥0.01 – ¥1,000,000.00 之间' })
    expect(parsePriceInput('1000000.01')).toMatchObject({ ok: false })
    expect(parsePriceInput('1000000')).toEqual({ ok: true, fen: 100_000_000 })
    expect(parsePriceInput('0')).toEqual({ ok: false, problem: '价格需在 ¥0.01 – ¥1,000,000.00 之间' })
    expect(parsePriceInput('5', { minFen: 100, maxFen: 200, label: '提问价格' })).toEqual({
      ok: false,
      problem: '提问价格需在 ¥1.00 – ¥2.00 之间',
    })
  })

  it('says what is wrong with text that is not an amount', () => {
    expect(parsePriceInput('')).toEqual({ ok: false, problem: '请填写价格（元）' })
    expect(parsePriceInput('1.005')).toEqual({ ok: false, problem: '价格最多两位小数（精确到分）' })
    expect(parsePriceInput('1e3')).toMatchObject({ ok: false, problem: '价格只能填数字（元），最多两位小数' })
  })

  it('accepts exactly what the server contract accepts for a price', () => {
    expect(contractFen.safeParse(PRICE_INPUT_RANGE_FEN.max).success).toBe(true)
    expect(contractFen.safeParse(PRICE_INPUT_RANGE_FEN.max + 1).success).toBe(false)
    // the server refuses negatives too
    expect(contractFen.safeParse(-5000).success).toBe(false)
  })
})
