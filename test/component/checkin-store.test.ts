/** The check-in store (src/packageCheckin/store.ts), with the cloud mocked. */
import type { ChallengeDetail } from '@core/contracts/challenge'
import { call } from '@/services/cloud'
import { useAppStore } from '@/store'
import { initialCheckinState, selectBoard, selectChallenge, useCheckinStore } from '@/packageCheckin/store'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

function detail(total: number): ChallengeDetail {
  return {
    challenge: {
      id: 'ch1',
      circleId: 'c1',
      title: '晨读',
      startDay: '2026-12-01',
      endDay: '2026-12-07',
      days: 7,
      requiredDays: 5,
      depositFen: 0,
      reward: { kind: 'none' },
      phase: 'ongoing',
      participantCount: 1,
      rules: '',
      windowStart: '00:00',
      windowEnd: '23:59',
      minWords: 0,
      photoRequired: false,
      makeupQuota: 1,
      completedCount: 0,
      todayCount: total,
      today: '2026-12-02',
      inWindowNow: true,
      settled: false,
      canManage: false,
      depositSale: { purchasable: true, showPrice: true },
    },
    me: {
      total,
      streak: total,
      bestStreak: total,
      makeupsLeft: 1,
      checkedToday: total > 0,
      calendar: [],
      completedAt: null,
      rewarded: false,
      rewardPending: false,
      rewardCoupon: null,
      honorTitle: null,
      deposit: null,
    },
  }
}

beforeEach(() => {
  useCheckinStore.setState(initialCheckinState())
  mockCall.mockReset()
})

it('shows the detail the check-in answered without reading it again', async () => {
  useCheckinStore.setState({ details: { ch1: { status: 'ready', error: null, data: detail(0) } } })
  mockCall.mockResolvedValueOnce({
    checkin: { id: 'ch1:o:20261202', day: '2026-12-02', text: '读书', images: [], makeup: false, createdAt: '' },
    firstTime: true,
    completedNow: false,
    detail: detail(1),
  } as never)
  await useCheckinStore.getState().checkIn('ch1', { text: '读书', images: [] })
  expect(mockCall).toHaveBeenCalledWith('challenge', 'checkIn', { challengeId: 'ch1', text: '读书', images: [] })
  expect(mockCall).toHaveBeenCalledTimes(1)
  expect(selectChallenge('ch1')(useCheckinStore.getState()).data?.me?.total).toBe(1)
})

it('keeps the two leaderboards apart and forgets everything when the viewer changes', async () => {
  mockCall
    .mockResolvedValueOnce({ by: 'total', items: [] } as never)
    .mockResolvedValueOnce({ by: 'streak', items: [] } as never)
  await useCheckinStore.getState().loadLeaderboard('ch1', 'total')
  await useCheckinStore.getState().loadLeaderboard('ch1', 'streak')
  expect(selectBoard('ch1', 'total')(useCheckinStore.getState()).data?.by).toBe('total')
  expect(selectBoard('ch1', 'streak')(useCheckinStore.getState()).data?.by).toBe('streak')
  useAppStore.getState().forgetViewerData()
  expect(useCheckinStore.getState().boards).toEqual({})
})
