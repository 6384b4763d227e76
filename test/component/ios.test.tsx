/**
 * WeChat's iOS rule on screen (docs/payments.md "WeChat's iOS rule"): rendered as the server
 * answers an iPhone without iOS virtual payment, no screen that shows a virtual good has a price,
 * pay wording, a buy button or a hint of paying elsewhere — and what a member owns still works.
 */
import { act } from 'react'
import type { CirclePage } from '@core/contract'
import type { QaHome } from '@core/contracts/qa'
import type { QuestionView } from '@core/qa'
import { call } from '@/services/cloud'
import { resetAppStore, useAppStore } from '@/store'
import { BuyView } from '@/packagePay/pages/buy/BuyView'
import { RenewView } from '@/packagePay/pages/renew/RenewView'
import { CourseScreen } from '@/packagePay/pages/course/CourseScreen'
import { OrdersView } from '@/packagePay/pages/orders/OrdersView'
import { OrderDetail } from '@/packagePay/pages/order/OrderDetail'
import { Landing } from '@/packageCircle/pages/circle/Landing'
import { CircleCell } from '@/components/CircleCell'
import { QuestionCard } from '@/packageQa/components/QuestionCard'
import { Home as QaHomeView } from '@/packageQa/pages/home/index'
import { AskForm } from '@/packageQa/pages/ask/index'
import { Detail as QuestionDetail } from '@/packageQa/pages/question/index'
import { initialQaState, useQaStore } from '@/packageQa/store'
import { IOS_CATALOG_SALE, NOT_SOLD, makeCatalog, makeCourse, makeOrder, paidOrder } from './shop-fixtures'
import { makeCirclePage } from './support/fixtures'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

/** Prices, pay wording, and any path to pay elsewhere (another phone, a computer, Apple, gift codes, guides). */
const FORBIDDEN = [
  '¥',
  '元',
  '付费',
  '购买',
  '已购',
  '支付',
  '开通',
  '续费',
  '安卓',
  'Android',
  '电脑',
  '苹果',
  'iPhone',
  '礼品码',
  '指引',
  '二维码',
  '价格',
  '划线',
]

function expectNothingForSale() {
  const text = document.body.textContent ?? ''
  expect(text.length).toBeGreaterThan(0)
  for (const word of FORBIDDEN) expect({ word, found: text.includes(word) }).toEqual({ word, found: false })
  for (const id of [
    'buy-entry',
    'buy-pass',
    'buy-gift',
    'buy-course',
    'renew-pay',
    'qa-peek',
    'order-pay',
    'copy-guide',
    'ios-notice',
  ])
    expect(byTestId(id)).toHaveLength(0)
}

function serve(answers: Record<string, unknown>) {
  mockCall.mockImplementation((async (fn: string, action: string) => {
    const a = answers[action]
    if (a === undefined) throw new Error(`unexpected call ${fn}.${action}`)
    return a
  }) as never)
}

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0))
  })
}

const NOW = Date.parse('2026-11-23T02:00:00Z')

beforeEach(() => {
  resetAppStore()
  useQaStore.setState(initialQaState())
  mockCall.mockReset()
})

describe('an iPhone without iOS virtual payment', () => {
  it('buy: says the function is not available here, with no price, term or refund promise', async () => {
    serve({ catalog: makeCatalog({ sale: IOS_CATALOG_SALE, trial: { days: 7, available: true } }) })
    await mount(() => <BuyView circleId="c1" platform="ios" />)
    await settle()
    expect(byTestId('not-on-this-device')).toHaveLength(1)
    expectNothingForSale()
  })

  it('renew: no tier price, no coupon, no button', async () => {
    const base = makeCatalog()
    serve({
      catalog: makeCatalog({
        sale: IOS_CATALOG_SALE,
        entry: { ...base.entry!, kind: 'renewal', priceFen: 7920 },
        standing: {
          state: 'grace',
          expiresAt: '2026-03-01T04:00:00.000Z',
          graceEndsAt: '2026-03-04T04:00:00.000Z',
          trial: false,
        },
      }),
    })
    await mount(() => <RenewView circleId="c1" platform="ios" />)
    await settle()
    expectNothingForSale()
  })

  it('course: free lessons stay readable, the rest has no price and no buy button', async () => {
    serve({ course: makeCourse({ sale: NOT_SOLD }), catalog: makeCatalog({ sale: IOS_CATALOG_SALE }) })
    await mount(() => <CourseScreen courseId="k1" platform="ios" />)
    await settle()
    expect(byTestId('lesson').length).toBeGreaterThan(1)
    const locked = byTestId('lesson').find((l) => l.querySelector('[data-testid="lesson-locked"]'))
    await act(async () => {
      locked!.click()
    })
    expect(byTestId('course-error')[0].textContent).toBe('由于相关规范，iOS 暂不支持此功能')
    expectNothingForSale()
  })

  it('course: one the member owns opens every lesson, without saying it was bought', async () => {
    const owned = makeCourse({ sale: NOT_SOLD, owned: true })
    serve({ course: { ...owned, lessons: owned.lessons.map((l) => ({ ...l, locked: false })) } })
    await mount(() => <CourseScreen courseId="k1" platform="ios" />)
    await settle()
    expect(byTestId('lesson-locked')).toHaveLength(0)
    expectNothingForSale()
  })

  it("catalog card on a circle's landing: a paid circle has no 付费加入, and an approved applicant no 去支付", async () => {
    for (const page of [
      makeCirclePage({ entryMode: 'paid', entrySale: NOT_SOLD }),
      {
        ...makeCirclePage({ entryMode: 'approval', entrySale: NOT_SOLD }),
        application: { status: 'approved', payBy: '2026-11-24T02:00:00.000Z' },
      } as unknown as CirclePage,
    ]) {
      useAppStore.setState({ circlePages: { c1: { status: 'ready', error: null, page } } } as never)
      await mount(() => <Landing page={page} onJoined={jest.fn()} />)
      expect(byTestId('join')[0].textContent).toContain('暂不支持加入')
      expectNothingForSale()
      document.body.innerHTML = ''
    }
  })

  it('circle card and landing of a paid circle: no Price where the signed-in device may not see virtual goods priced', async () => {
    useAppStore.setState({
      me: {
        openid: 'o_me',
        nickname: '我',
        avatarUrl: '',
        createdAt: '2026-01-01T00:00:00.000Z',
        virtualGoods: NOT_SOLD,
      },
    } as never)
    const page = makeCirclePage({
      entryMode: 'paid',
      entrySale: NOT_SOLD,
      entryPrice: { priceFen: 19900, days: 365, perDayText: '约 0.55 元/天' },
    })
    await mount(() => <CircleCell circle={page.circle as never} onOpen={jest.fn()} />)
    expect(byTestId('circle-cell')).toHaveLength(1)
    expectNothingForSale()
    document.body.innerHTML = ''
    useAppStore.setState({ circlePages: { c1: { status: 'ready', error: null, page } } } as never)
    await mount(() => <Landing page={page} onJoined={jest.fn()} />)
    expectNothingForSale()
  })

  it('orders: lists no virtual good, but keeps an offline ticket (a service, payable on iOS)', async () => {
    const ticket = paidOrder(NOW, {
      id: 't1',
      product: { kind: 'ticket', id: 'ev1:o_me', title: '线下沙龙门票' },
      refundableUntil: null,
    })
    serve({
      orders: {
        items: [paidOrder(NOW, { sale: NOT_SOLD }), makeOrder({ id: 'o2', sale: NOT_SOLD }), ticket],
        nextCursor: null,
      },
    })
    await mount(() => <OrdersView platform="ios" now={NOW} />)
    await settle()
    expect(document.body.textContent).toContain('线下沙龙门票')
    expect(document.body.textContent).not.toContain('人像摄影进阶 · 入圈')
  })

  it('orders: with only virtual goods on record, an empty list with nothing about buying', async () => {
    serve({
      orders: {
        items: [paidOrder(NOW, { sale: NOT_SOLD }), makeOrder({ id: 'o2', sale: NOT_SOLD })],
        nextCursor: null,
      },
    })
    await mount(() => <OrdersView platform="ios" now={NOW} />)
    await settle()
    expectNothingForSale()
  })

  it('order detail: no amount, no status, no refund', async () => {
    serve({ getOrder: paidOrder(NOW, { sale: NOT_SOLD }) })
    await mount(() => <OrderDetail orderId="o1" platform="ios" now={NOW} />)
    await settle()
    expect(byTestId('not-on-this-device')).toHaveLength(1)
    expectNothingForSale()
  })

  const qaHome = (over: Partial<QaHome['viewer']> = {}): QaHome => ({
    circleId: 'c1',
    circleName: '独立开发者问答',
    settings: {
      freeQuestionsPerTerm: 3,
      expireHours: 72,
      peekPriceFen: 100,
      askerShareBps: 5000,
    } as QaHome['settings'],
    presetsFen: [1000],
    answerers: [
      { openid: 'o_owner', nickname: '林知远', avatarUrl: '', role: 'owner', priceFen: 1000, answeredCount: 3 },
    ],
    sale: { question: NOT_SOLD, peek: NOT_SOLD },
    viewer: {
      openid: 'o_me',
      role: 'member',
      canAsk: true,
      canAnswer: false,
      canManage: false,
      freeLeft: 0,
      myPriceFen: null,
      ...over,
    },
  })

  it('Q&A home: answerers without prices, and no way to ask for money', async () => {
    await mount(() => <QaHomeView home={qaHome()} />)
    expect(byTestId('qa-answerer')).toHaveLength(1)
    expect(byTestId('qa-ask')).toHaveLength(0)
    expectNothingForSale()
  })

  it('Q&A ask: a free question still goes, without a price; with none left, nothing to ask for money', async () => {
    await mount(() => <AskForm home={qaHome({ freeLeft: 2 })} initial="o_owner" />)
    expect(byTestId('qa-ask-submit')[0].textContent).toContain('免费提问')
    expectNothingForSale()
    document.body.innerHTML = ''
    await mount(() => <AskForm home={qaHome({ freeLeft: 0 })} initial="o_owner" />)
    expect(byTestId('qa-ask-submit')).toHaveLength(0)
    expectNothingForSale()
  })

  const lockedQuestion = (over: Partial<QuestionView> = {}) =>
    ({
      id: 'q1',
      circleId: 'c1',
      asker: { openid: null, nickname: '匿名成员', avatarUrl: '' },
      answerer: { openid: 'o_owner', nickname: '林知远', avatarUrl: '', role: 'owner' },
      text: '怎么找到第一批用户？',
      images: [],
      anonymous: true,
      isPublic: true,
      held: false,
      status: 'answered',
      priceFen: 1000,
      askedAt: new Date(NOW - 3_600_000).toISOString(),
      payBy: null,
      deadline: null,
      answeredAt: new Date(NOW).toISOString(),
      closedAt: null,
      declineReason: '',
      answer: null,
      locked: true,
      peekCount: 3,
      peekPriceFen: 100,
      relation: 'other',
      orderId: null,
      earnedFen: null,
      ...over,
    }) as QuestionView

  it("Q&A question page: a locked answer, an unpaid question of one's own: no price, no 偷看, no 继续支付", async () => {
    useQaStore.setState({ homes: { c1: { status: 'ready', error: null, data: qaHome() } } } as never)
    await mount(() => <QuestionDetail q={lockedQuestion()} />)
    expect(byTestId('qa-detail')).toHaveLength(1)
    expectNothingForSale()
    document.body.innerHTML = ''
    await mount(() => (
      <QuestionDetail
        q={lockedQuestion({
          status: 'unpaid',
          relation: 'asker',
          locked: false,
          answeredAt: null,
          payBy: new Date(NOW + 600_000).toISOString(),
          orderId: 'QZ1',
        })}
      />
    ))
    expectNothingForSale()
  })

  it('Q&A peek: a locked answer has no price and no 偷看 button', async () => {
    const q = {
      id: 'q1',
      circleId: 'c1',
      asker: { openid: null, nickname: '匿名成员', avatarUrl: '' },
      answerer: { openid: 'o_owner', nickname: '林知远', avatarUrl: '', role: 'owner' },
      text: '怎么找到第一批用户？',
      images: [],
      anonymous: true,
      isPublic: true,
      held: false,
      status: 'answered',
      priceFen: 1000,
      askedAt: new Date(NOW - 3_600_000).toISOString(),
      payBy: null,
      deadline: null,
      answeredAt: new Date(NOW).toISOString(),
      closedAt: null,
      declineReason: '',
      answer: null,
      locked: true,
      peekCount: 3,
      peekPriceFen: 100,
      relation: 'other',
      orderId: null,
      earnedFen: null,
    } as QuestionView
    await mount(() => <QuestionCard q={q} now={NOW} onPeek={jest.fn()} sale={NOT_SOLD} />)
    expect(byTestId('qa-card')).toHaveLength(1)
    expectNothingForSale()
  })
})
