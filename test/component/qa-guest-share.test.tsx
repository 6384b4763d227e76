/**
 * 问答设置's 嘉宾分成 (docs/payments.md "Guest answerers in platform mode"): in 平台收付通 mode the
 * owner sets the guest's share with the most the 30 % cap allows shown beside it, and a share above
 * it is refused on the page (and by the server, guest_share_over_cap) — at configuration time, never
 * when an asker pays. In 直连 the field is not shown (guests earn all after the fees there).
 */
import { act } from 'react'
import type { QaHome } from '@core/contracts/qa'
import { call } from '@/services/cloud'
import { RulesForm } from '@/packageQa/pages/settings/index'
import { initialQaState, useQaStore } from '@/packageQa/store'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

const settings = {
  freeQuestionsPerTerm: 0,
  expireHours: 72,
  peekPriceFen: 100,
  askerShareBps: 5000,
  guestShareBps: 2000,
}

const home = (guestShareMaxBps: number | null): QaHome =>
  ({
    circleId: 'c1',
    circleName: '独立开发者问答',
    settings,
    presetsFen: [],
    answerers: [],
    sale: { question: { purchasable: true, showPrice: true }, peek: { purchasable: true, showPrice: true } },
    guestShareMaxBps,
    viewer: {
      openid: 'o_owner',
      role: 'owner',
      canAsk: true,
      canAnswer: true,
      canManage: true,
      freeLeft: 0,
      myPriceFen: null,
    },
  }) as QaHome

async function type(testId: string, value: string) {
  const input = byTestId(testId)[0].querySelector('input') as HTMLInputElement
  await act(async () => {
    input.value = value
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

async function save() {
  await act(async () => {
    ;(byTestId('qa-settings-save')[0] as HTMLElement).click()
  })
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  })
}

beforeEach(() => {
  useQaStore.setState(initialQaState())
  mockCall.mockReset()
})

describe('嘉宾分成 in 问答设置', () => {
  it('shows the guest share with its maximum in platform mode, and refuses one above it before asking the server', async () => {
    await mount(() => <RulesForm home={home(2700)} />)
    const row = byTestId('qa-guest-share')
    expect(row).toHaveLength(1)
    expect((row[0].querySelector('input') as HTMLInputElement).value).toBe('20')
    expect(document.body.textContent).toContain('最高 27%')
    await type('qa-guest-share', '28')
    await save()
    expect(mockCall).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('嘉宾分成需在 0–27% 之间')
  })

  it('saves a guest share within the cap with the rules', async () => {
    mockCall.mockResolvedValue({ ...settings, guestShareBps: 2500 } as never)
    await mount(() => <RulesForm home={home(2700)} />)
    await type('qa-guest-share', '25')
    await save()
    expect(mockCall).toHaveBeenCalledWith('qa', 'setSettings', {
      circleId: 'c1',
      freeQuestionsPerTerm: 0,
      expireHours: 72,
      peekPriceFen: 100,
      askerShareBps: 5000,
      guestShareBps: 2500,
    })
  })

  it('has no guest share in 直连, and saves the rules without one', async () => {
    mockCall.mockResolvedValue(settings as never)
    await mount(() => <RulesForm home={home(null)} />)
    expect(byTestId('qa-guest-share')).toHaveLength(0)
    await save()
    expect(mockCall).toHaveBeenCalledWith('qa', 'setSettings', {
      circleId: 'c1',
      freeQuestionsPerTerm: 0,
      expireHours: 72,
      peekPriceFen: 100,
      askerShareBps: 5000,
    })
  })
})
