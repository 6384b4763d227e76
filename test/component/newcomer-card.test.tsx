/** The 新人任务 card on the circle home (src/packageCircle/components/NewcomerCard.tsx), with the cloud mocked. */
import { act } from 'react'
import type { MembershipView } from '@core/contract'
import type { NewcomerView } from '@core/contracts/growth'
import { call, serverNow } from '@/services/cloud'
import { NewcomerCard } from '@/packageCircle/components/NewcomerCard'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

const member = (daysAgo: number, role: MembershipView['role'] = 'member'): MembershipView => ({
  circleId: 'c1',
  role,
  joinedAt: new Date(serverNow() - daysAgo * 86_400_000).toISOString(),
  expiresAt: null,
  state: 'active',
  graceEndsAt: null,
})

const view = (over: Partial<NewcomerView> = {}): NewcomerView => ({
  enabled: true,
  show: true,
  tasks: [
    { key: 'intro', title: '发一条自我介绍', done: true },
    { key: 'guide', title: '阅读新人指南', done: false },
  ],
  introTag: '自我介绍',
  guide: { title: '新人指南', body: '欢迎' },
  perkId: null,
  reward: { reward: { kind: 'points', points: 20 }, text: '20 积分' },
  rewarded: false,
  canManage: false,
  checkin: false,
  ...over,
})

/** Lets the mocked call answer and the card render what it answered. */
async function settle() {
  for (let i = 0; i < 3; i++)
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
}

beforeEach(() => mockCall.mockReset())

it('shows a recent member their progress, the next task and the reward', async () => {
  mockCall.mockResolvedValueOnce(view() as never)
  await mount(() => <NewcomerCard circleId="c1" me={member(2)} />)
  await settle()
  expect(mockCall).toHaveBeenCalledWith('growth', 'newcomer', { circleId: 'c1' })
  const [card] = byTestId('newcomer-card')
  expect(card.textContent).toContain('新人任务 1/2')
  expect(card.textContent).toContain('下一步：阅读新人指南')
  expect(card.textContent).toContain('20 积分')
})

it('shows nothing once the checklist is rewarded', async () => {
  mockCall.mockResolvedValueOnce(view({ show: false, rewarded: true }) as never)
  await mount(() => <NewcomerCard circleId="c1" me={member(2)} />)
  await settle()
  expect(byTestId('newcomer-card')).toHaveLength(0)
})

it('asks nothing for the owner or a member of more than 30 days', async () => {
  await mount(() => <NewcomerCard circleId="c1" me={member(40)} />)
  await mount(() => <NewcomerCard circleId="c1" me={member(1, 'owner')} />)
  await settle()
  expect(mockCall).not.toHaveBeenCalled()
  expect(byTestId('newcomer-card')).toHaveLength(0)
})
