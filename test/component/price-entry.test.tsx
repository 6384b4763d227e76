/** Owner price entry: a typed sign is never dropped, and a refusal states the allowed range. */
import { PriceInput } from '@/components/PriceInput'
import { pricingInputOf } from '@/packageMoney/pages/pricing/Pricing'
import { courseInputOf } from '@/packageMoney/pages/course-edit/CourseEditor'
import { mount } from './support/mount'

const draft = (over: Record<string, unknown> = {}) =>
  ({
    price: '199',
    marked: '',
    termKind: 'rolling',
    days: '365',
    endDate: '',
    passOn: false,
    passPrice: '',
    passDays: '365',
    ...over,
  }) as Parameters<typeof pricingInputOf>[1]

describe('owner price entry', () => {
  it('refuses a negative entry price instead of saving its absolute value', () => {
    expect(pricingInputOf('c1', draft({ price: '-50' }), '2026-12-07')).toEqual({
      problem: '入圈价格不能为负数：入圈价格需在 ¥0.01 – ¥1,000,000.00 之间',
    })
    expect(pricingInputOf('c1', draft({ price: '-0.01' }), '2026-12-07')).toMatchObject({
      problem: expect.stringContaining('不能为负数'),
    })
  })

  it('refuses 99 999 999 yuan and says the allowed range', () => {
    expect(pricingInputOf('c1', draft({ price: '99999999' }), '2026-12-07')).toEqual({
      problem: '入圈价格需在 ¥0.01 – ¥1,000,000.00 之间',
    })
    expect(pricingInputOf('c1', draft({ passOn: true, passPrice: '-299' }), '2026-12-07')).toMatchObject({
      problem: expect.stringContaining('年卡价格不能为负数'),
    })
    const course = { title: '布光入门', intro: '', price: '-49.9', discount: '', lessons: [] }
    expect(courseInputOf('c1', undefined, course as never)).toMatchObject({
      problem: expect.stringContaining('课程价格不能为负数'),
    })
  })

  it('uses a plain text field in the H5 build, where the digit keypad input would swallow a typed minus', async () => {
    await mount(() => <PriceInput value="-50" onChange={() => undefined} testid="p" />)
    const input = document.querySelector('[data-testid="p"]') as HTMLElement
    expect(input.getAttribute('type') ?? (input as any).type).toBe('text')
  })
})
