/**
 * 拼团 on screen (src/packageGroup): an iPhone without iOS virtual payment sees no price, no pay
 * wording and no way to buy (the buy page's rule, from the server's SaleView); elsewhere a group
 * forming shows its seats, what is missing, the countdown and 参团 at the group price.
 */
import { act } from 'react'
import type { GroupOfferView, GroupView } from '@core/contracts/group'
import { call } from '@/services/cloud'
import { Group } from '@/packageGroup/pages/group/index'
import { Offers } from '@/packageGroup/pages/offers/index'
import { initialGroupState, useGroupStore } from '@/packageGroup/store'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

const NOT_SOLD = { purchasable: false, showPrice: false }
const SOLD = { purchasable: true, showPrice: true }
const FORBIDDEN = ['¥', '元', '付费', '购买', '支付', '开通', '价', '参团', '发起拼团']

function group(sale = SOLD): GroupView {
  return {
    id: 'g1',
    offerId: 'o1',
    circleId: 'c1',
    product: { kind: 'entry', id: 'c1', title: '人像摄影进阶 · 入圈' },
    size: 3,
    seats: 1,
    seatsLeft: 2,
    priceFen: 9900,
    status: 'forming',
    statusLabel: '拼团中',
    deadline: new Date(Date.now() + 5 * 3600_000).toISOString(),
    leader: { nickname: '吴晓', avatarUrl: '' },
    members: [{ nickname: '吴晓', avatarUrl: '' }],
    listPriceFen: 19900,
    circleName: '人像摄影进阶',
    me: null,
    canJoin: sale.purchasable,
    sale,
    sharePath: '/packageGroup/pages/group/index?id=g1',
  }
}

function offer(sale = SOLD): GroupOfferView {
  return {
    id: 'o1',
    circleId: 'c1',
    product: { kind: 'entry', id: 'c1', title: '人像摄影进阶 · 入圈' },
    size: 3,
    limitHours: 48,
    priceFen: 9900,
    listPriceFen: 19900,
    status: 'open',
    createdAt: new Date().toISOString(),
    sale,
    groups: [],
  }
}

function expectNothingForSale() {
  const text = document.body.textContent ?? ''
  for (const word of FORBIDDEN) expect({ word, found: text.includes(word) }).toEqual({ word, found: false })
  for (const id of ['group-join', 'group-start']) expect(byTestId(id)).toHaveLength(0)
  expect(byTestId('not-on-this-device')).toHaveLength(1)
}

beforeEach(() => {
  useGroupStore.setState(initialGroupState())
  mockCall.mockReset()
  mockCall.mockResolvedValue({ items: [], nextCursor: null } as never)
})

describe('拼团 on an iPhone without iOS virtual payment', () => {
  it('a group page says the function is not available here, with no price or 参团', async () => {
    await mount(() => <Group g={group(NOT_SOLD)} />)
    expectNothingForSale()
  })

  it('the offers page shows no offer, price or 发起拼团', async () => {
    await mount(() => <Offers circleId="c1" data={{ items: [offer(NOT_SOLD)], canManage: false }} />)
    expectNothingForSale()
  })
})

describe('拼团 where it is sold', () => {
  it('shows the seats taken and missing, the countdown and 参团 at the group price', async () => {
    await mount(() => <Group g={group()} />)
    await act(async () => undefined)
    expect(byTestId('group-left')[0].textContent).toContain('还差 2 人成团')
    expect(byTestId('group-countdown')[0].textContent).toMatch(/^剩余 0[45]:\d{2}:\d{2}$/)
    expect(byTestId('group-join')[0].textContent).toBe('¥99.00 参团')
    expect(byTestId('group-link')[0].textContent).toContain('/packageGroup/pages/group/index?id=g1')
  })

  it('offers 发起拼团 at the group price against the product’s own price', async () => {
    await mount(() => <Offers circleId="c1" data={{ items: [offer()], canManage: true }} />)
    expect(byTestId('group-start')[0].textContent).toBe('¥99.00 发起拼团')
    expect(byTestId('group-offer')[0].textContent).toContain('¥199.00')
    expect(byTestId('group-manage')).toHaveLength(1)
  })
})
