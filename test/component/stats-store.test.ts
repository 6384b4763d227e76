/** The owner's numbers store (src/packageStats/store.ts) and its display rules, with the cloud mocked. */
import { call } from '@/services/cloud'
import { bpsText, minutesText, yuanText } from '@/packageStats/format'
import { initialStatsState, selectMembers, useStatsStore } from '@/packageStats/store'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

beforeEach(() => {
  mockCall.mockReset()
  useStatsStore.setState(initialStatsState())
})

describe('the stats store', () => {
  it('joins every page of an export into one CSV, reporting progress', async () => {
    mockCall
      .mockResolvedValueOnce({ csv: '\uFEFF昵称\r\n甲\r\n', rows: 1, nextCursor: 'c1' } as never)
      .mockResolvedValueOnce({ csv: '乙\r\n', rows: 1, nextCursor: null } as never)
    const progress: number[] = []
    const out = await useStatsStore.getState().exportCsv('c1', 'members', undefined, (n) => progress.push(n))
    expect(out).toEqual({ csv: '\uFEFF昵称\r\n甲\r\n乙\r\n', rows: 2 })
    expect(progress).toEqual([1, 2])
    expect(mockCall.mock.calls.map((c) => c[2])).toEqual([
      { circleId: 'c1', kind: 'members', challengeId: undefined, cursor: undefined },
      { circleId: 'c1', kind: 'members', challengeId: undefined, cursor: 'c1' },
    ])
  })

  it('works through a whole segment when sending win-back coupons, adding up what each page did', async () => {
    mockCall
      .mockResolvedValueOnce({ issued: 1000, already: 0, messages: 0, nextCursor: 'n1' } as never)
      .mockResolvedValueOnce({ issued: 3, already: 2, messages: 0, nextCursor: null } as never)
    expect(await useStatsStore.getState().winBack('c1', 'silent', 1000, 30)).toEqual({ issued: 1003, already: 2 })
  })

  it('shows a saved tag on the member in every loaded list of the circle', async () => {
    const row = {
      openid: 'o1',
      nickname: '甲',
      avatarUrl: '',
      role: 'member',
      joinedAt: '',
      expiresAt: null,
      segment: 'silent',
      channel: null,
      lastActiveDay: null,
      tags: [],
      note: '',
    }
    mockCall.mockResolvedValueOnce({ items: [row], nextCursor: null } as never)
    await useStatsStore.getState().loadMembers('c1', { segment: 'silent' })
    mockCall.mockResolvedValueOnce({ ...row, tags: ['老学员'], note: '线下见过' } as never)
    await useStatsStore.getState().tagMember('c1', 'o1', ['老学员'], '线下见过')
    expect(selectMembers('c1', { segment: 'silent' })(useStatsStore.getState()).items[0]).toMatchObject({
      tags: ['老学员'],
      note: '线下见过',
    })
  })
})

describe('how the dashboard writes its figures', () => {
  it('writes rates, money and answer times as a person reads them', () => {
    expect(bpsText(null)).toBe('—')
    expect(bpsText(5000)).toBe('50%')
    expect(bpsText(3333)).toBe('33.3%')
    expect(yuanText(123456)).toBe('¥1234.56')
    expect(minutesText(45)).toBe('45 分钟')
    expect(minutesText(120)).toBe('2 小时')
    expect(minutesText(135)).toBe('2 小时 15 分钟')
  })
})
