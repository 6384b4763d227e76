/** The growth store (src/packageGrowth/store.ts): lotteries, with the cloud mocked. */
import type { LotteryView } from '@core/contracts/lottery'
import { call } from '@/services/cloud'
import { useAppStore } from '@/store'
import {
  initialGrowthState,
  selectCanManage,
  selectLotteries,
  selectLottery,
  useGrowthStore,
} from '@/packageGrowth/store'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

function view(me: LotteryView['me']): LotteryView {
  return {
    id: 'l1',
    circleId: 'c1',
    title: '年终抽奖',
    drawAt: '2026-12-08T12:00:00.000Z',
    status: 'open',
    entryCount: me ? 1 : 0,
    prizes: [{ kind: 'physical', title: '帆布袋', stock: 1, amountFen: null, points: null, perkId: null }],
    minCheckinDays: 0,
    pointsCost: 0,
    helpCap: 5,
    commitment: 'ab'.repeat(32),
    seed: null,
    winners: [],
    me,
    blockedBy: null,
    canManage: false,
  }
}

beforeEach(() => {
  useGrowthStore.setState(initialGrowthState())
  mockCall.mockReset()
})

it('shows the lottery the enter call answered without reading it again', async () => {
  useGrowthStore.setState({ lotteries: { l1: { status: 'ready', error: null, data: view(null) } } })
  mockCall.mockResolvedValueOnce(view({ chances: 1, helps: 0, paidPoints: 0 }) as never)
  await useGrowthStore.getState().enterLottery('l1')
  expect(mockCall).toHaveBeenCalledWith('lottery', 'enter', { lotteryId: 'l1' })
  expect(mockCall).toHaveBeenCalledTimes(1)
  expect(selectLottery('l1')(useGrowthStore.getState()).data?.me).toEqual({ chances: 1, helps: 0, paidPoints: 0 })
})

it('remembers whether the viewer may create lotteries and forgets everything when the viewer changes', async () => {
  mockCall.mockResolvedValueOnce({ items: [view(null)], nextCursor: null, canManage: true } as never)
  await useGrowthStore.getState().loadLotteries('c1')
  expect(selectLotteries('c1')(useGrowthStore.getState()).items).toHaveLength(1)
  expect(selectCanManage('c1')(useGrowthStore.getState())).toBe(true)
  useAppStore.getState().forgetViewerData()
  expect(useGrowthStore.getState().lists).toEqual({})
  expect(useGrowthStore.getState().canManage).toEqual({})
})
