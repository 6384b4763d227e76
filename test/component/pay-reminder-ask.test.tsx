/** Applying to an approval + paid circle asks for the pay-window reminder's one-time grant (and never waits on it). */
import { act } from 'react'
import Taro from '@tarojs/taro'
import type { Questionnaire } from '@core/contracts/member'
import { PAY_REMINDER_TEMPLATE_ID } from '@core/term'
import { call } from '@/services/cloud'
import { ApplyForm } from '@/packageJoin/pages/apply/ApplyForm'
import { resetJoinStore } from '@/packageJoin/store'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

const questionnaire = (paidAfterApproval: boolean): Questionnaire => ({
  circleId: 'c1',
  circleName: '产品经理成长营',
  entryMode: 'approval',
  questions: [],
  noteMaxChars: 30,
  entryPrice: null,
  paidAfterApproval,
  payWindowHours: 72,
})

const submit = async () => {
  await act(async () => {
    byTestId('apply-submit')[0].click()
    await new Promise((r) => setTimeout(r, 0))
  })
}

beforeEach(() => {
  resetJoinStore()
  mockCall.mockReset()
  mockCall.mockResolvedValue({} as never)
})

describe('applying to a circle', () => {
  it('asks for the pay-window reminder when the circle is approval + paid, and reports the grant', async () => {
    const modal = jest
      .spyOn(Taro, 'showModal')
      .mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' } as never)
    await mount(() => <ApplyForm questionnaire={questionnaire(true)} previous={null} />)
    await submit()
    expect(modal).toHaveBeenCalledWith(
      expect.objectContaining({ content: expect.stringContaining('入圈付款截止提醒') }),
    )
    expect(mockCall).toHaveBeenCalledWith('notify', 'grant', { accepted: [PAY_REMINDER_TEMPLATE_ID] })
    expect(mockCall).toHaveBeenCalledWith('member', 'apply', expect.objectContaining({ circleId: 'c1' }))
  })

  it('asks nothing for a free approval circle', async () => {
    const modal = jest
      .spyOn(Taro, 'showModal')
      .mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' } as never)
    await mount(() => <ApplyForm questionnaire={questionnaire(false)} previous={null} />)
    await submit()
    expect(modal).not.toHaveBeenCalled()
    expect(mockCall).toHaveBeenCalledWith('member', 'apply', expect.objectContaining({ circleId: 'c1' }))
  })
})
