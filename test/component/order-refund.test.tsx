/**
 * The order page shows the refund the server's view offers (canRefund / refundableUntil /
 * refundableFen, from the product registry) and computes none of it: a course within its window
 * offers its amount; a deposit offers nothing and says which rule applies.
 */
import { act } from 'react'
import Taro from '@tarojs/taro'
import { call } from '@/services/cloud'
import { resetAppStore } from '@/store'
import { OrderDetail } from '@/packagePay/pages/order/OrderDetail'
import { paidOrder } from './shop-fixtures'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>
const now = Date.parse('2025-03-02T00:00:00.000Z')
const text = (id: string) => byTestId(id)[0]?.textContent ?? ''

async function settle() {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0))
    })
  }
}

beforeEach(() => {
  resetAppStore()
  mockCall.mockReset()
})

describe('the order page and the refund it promises', () => {
  it('offers a course its refund in the window, for the amount the server says, and sends it', async () => {
    const course = paidOrder(now, {
      product: { kind: 'course', id: 'k1', title: '布光入门' },
      amountFen: 7920,
      refundableFen: 7920,
    })
    mockCall.mockImplementation((async (_fn: string, action: string) =>
      action === 'getOrder'
        ? course
        : {
            ...course,
            status: 'refunded',
            canRefund: false,
            refundableUntil: null,
            refundableFen: 0,
            refundedFen: 7920,
          }) as never)
    const modal = jest
      .spyOn(Taro, 'showModal')
      .mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' } as never)
    jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' } as never)
    await act(async () => {
      await mount(() => <OrderDetail orderId={course.id} platform="android" now={now} />)
    })
    await settle()
    expect(byTestId('refundable-until')).toHaveLength(1)
    await act(async () => byTestId('order-refund')[0].click())
    await settle()
    expect(modal).toHaveBeenCalledWith(
      expect.objectContaining({ content: expect.stringContaining('¥79.20 将原路退回') }),
    )
    expect(mockCall).toHaveBeenCalledWith('shop', 'refund', { orderId: course.id, reason: '' })
    // the answer replaces the card: no refund offered any more
    expect(byTestId('order-refund')).toHaveLength(0)
    expect(byTestId('refundable-until')).toHaveLength(0)
  })

  it("offers a deposit no refund and says the challenge's rule instead", async () => {
    const deposit = paidOrder(now, {
      product: { kind: 'deposit', id: 'ch1', title: '三天跑步挑战 · 押金' },
      canRefund: false,
      refundableUntil: null,
      refundableFen: 0,
      refundNote: '押金按挑战规则处理：完成挑战后自动原路退回，未完成则不退',
    })
    mockCall.mockResolvedValue(deposit as never)
    await act(async () => {
      await mount(() => <OrderDetail orderId={deposit.id} platform="android" now={now} />)
    })
    await settle()
    expect(byTestId('order-refund')).toHaveLength(0)
    expect(byTestId('refundable-until')).toHaveLength(0)
    expect(text('refund-note')).toContain('完成挑战后自动原路退回')
  })
})
