import { act, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { TermsView } from '@core/contract'
import { ApiError, call } from '@/services/cloud'
import { useSubmit, type SubmitOptions } from '@/hooks/useSubmit'
import { resetAppStore } from '@/store'
import { useWalletStore } from '@/packageMoney/store'
import { TermsForm } from '@/packageMoney/pages/pricing/TermsForm'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))
const mockCall = call as jest.MockedFunction<typeof call>

async function settle() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  })
}

async function tap(testId: string) {
  await act(async () => {
    byTestId(testId)[0].click()
  })
  await settle()
}

/**
 * The value in a Taro Input, once its inner <input> has rendered: the web component renders it on a
 * later task, not a microtask, so this polls across event-loop turns (as wallet.test.tsx does).
 */
async function inputValue(testId: string): Promise<string | undefined> {
  for (let i = 0; i < 100; i++) {
    const input = byTestId(testId)[0]?.querySelector('input')
    if (input) return input.value
    await act(async () => {
      await new Promise((r) => setTimeout(r, 5))
    })
  }
  return undefined
}

/** A promise the test answers when it chooses. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

let toast: jest.SpyInstance
beforeEach(() => {
  resetAppStore()
  mockCall.mockReset()
  toast = jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' } as never)
})
afterEach(() => toast.mockRestore())

describe('useSubmit', () => {
  function SaveButton({ action, options }: { action: () => Promise<string>; options?: SubmitOptions }) {
    const [result, setResult] = useState('')
    const { busy, run } = useSubmit(action, options)
    return (
      <View>
        <Button
          loading={busy}
          disabled={busy}
          data-testid="save"
          onClick={() => void run().then((r) => setResult(r ?? '没有结果'))}
        >
          保存
        </Button>
        <Text data-testid="busy">{busy ? '保存中' : '空闲'}</Text>
        <Text data-testid="result">{result}</Text>
      </View>
    )
  }

  it('runs an action once however often the button is tapped while it is in flight', async () => {
    const answer = deferred<string>()
    const action = jest.fn(() => answer.promise)
    await mount(() => <SaveButton action={action} options={{ success: '已保存' }} />)
    await tap('save')
    await tap('save')
    expect(action).toHaveBeenCalledTimes(1)
    expect(byTestId('busy')[0].textContent).toBe('保存中')

    await act(async () => answer.resolve('已存'))
    await settle()
    expect(byTestId('busy')[0].textContent).toBe('空闲')
    expect(byTestId('result')[0].textContent).toBe('已存')
    expect(toast).toHaveBeenCalledWith({ title: '已保存', icon: 'success' })

    await tap('save')
    expect(action).toHaveBeenCalledTimes(2)
  })

  it("shows a failure's Chinese message from the error table in a toast and frees the button", async () => {
    await mount(() => <SaveButton action={() => Promise.reject(new ApiError('circle_closed'))} />)
    await tap('save')
    expect(toast).toHaveBeenCalledWith({ title: new ApiError('circle_closed').message, icon: 'none' })
    expect(new ApiError('circle_closed').message).toMatch(/[\u4e00-\u9fa5]/)
    expect(byTestId('busy')[0].textContent).toBe('空闲')
    expect(byTestId('result')[0].textContent).toBe('没有结果')
  })

  it('hands the error to the page instead of a toast when the page shows errors itself', async () => {
    const onError = jest.fn()
    await mount(() => <SaveButton action={() => Promise.reject(new ApiError('network'))} options={{ onError }} />)
    await tap('save')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'network' }))
    expect(toast).not.toHaveBeenCalled()
  })
})

describe('the renewal terms form (LoadedView + useSubmit)', () => {
  const terms = (over: Partial<TermsView> = {}): TermsView => ({
    circleId: 'c1',
    trialDays: 3,
    renewal: { beforeExpiryBps: 8000, within30DaysBps: 9000, laterBps: 10_000, graceDays: 7, reminderDays: [7, 1] },
    cohortAllowed: true,
    ...over,
  })

  it('shows the load error with a retry, then the form filled from the terms the server has', async () => {
    mockCall.mockRejectedValueOnce(new ApiError('network'))
    await mount(() => <TermsForm circleId="c1" />)
    await settle()
    expect(byTestId('state-error')[0].textContent).toContain(new ApiError('network').message)
    expect(byTestId('terms-form')).toHaveLength(0)

    mockCall.mockResolvedValueOnce(terms() as never)
    await act(async () => {
      ;(byTestId('state-error')[0].querySelector('.state__action') as HTMLElement).click()
    })
    await settle()
    expect(byTestId('terms-form')).toHaveLength(1)
    expect(await inputValue('trial-days')).toBe('3')
  })

  it('saves once on a double tap and shows the refusal under the form, keeping what was typed', async () => {
    mockCall.mockResolvedValueOnce(terms() as never)
    await mount(() => <TermsForm circleId="c1" />)
    await settle()
    const answer = deferred<never>()
    mockCall.mockReturnValueOnce(answer.promise)
    await tap('save-terms')
    await tap('save-terms')
    expect(mockCall.mock.calls.filter(([, action]) => action === 'setTerms')).toHaveLength(1)

    await act(async () => answer.reject(new ApiError('forbidden')))
    await settle()
    expect(byTestId('terms-error')[0].textContent).toBe(new ApiError('forbidden').message)
    expect(toast).not.toHaveBeenCalled()
    // a refresh of the terms in the store does not overwrite the draft on screen
    await act(async () => {
      useWalletStore.setState({ terms: { c1: { status: 'ready', error: null, data: terms({ trialDays: 9 }) } } })
    })
    expect(await inputValue('trial-days')).toBe('3')
  })
})
