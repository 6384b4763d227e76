/** A long paste is never cut silently: the count and a refusal say what is over, and 发布 waits. */
import { act } from 'react'
import { LIMITS } from '@core/limits'
import { resetAppStore, selectCanSubmitPost, useAppStore } from '@/store'
import { CharCount, charsOver } from '@/components/CharCount'
import ComposePage from '@/packageCircle/pages/compose/index'
import { byTestId, mount } from './support/mount'

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('@tarojs/taro')
  const useRouter = () => ({ params: { circleId: 'c1' } })
  return { __esModule: true, ...actual, useRouter, default: { ...actual.default, useRouter } }
})
jest.mock('@/hooks/useSignedIn', () => ({ useSignedIn: () => ({ ready: true, status: 'ready' }) }))
jest.mock('@/services/cloud', () => ({
  ...jest.requireActual('@/services/cloud'),
  call: jest.fn(async () => ({ block: null })),
}))

beforeEach(() => resetAppStore())

describe('a text longer than its limit', () => {
  it('counts characters as the server does and says how many are over', async () => {
    expect(charsOver('😀'.repeat(10), 10)).toBe(0)
    expect(charsOver('字'.repeat(12), 10)).toBe(2)
    await mount(() => <CharCount text={'字'.repeat(12)} max={10} />)
    expect(byTestId('char-count')[0].textContent).toBe('12/10')
    expect(byTestId('char-count')[0].className).toContain('char-count__n--over')
    expect(byTestId('char-count-over')[0].textContent).toBe('超出 2 字，最多 10 字，请删减后再发布')
  })

  it('keeps a 20 000-character paste whole in the composer, says it is over and does not let it be published', async () => {
    const pasted = '长'.repeat(20_000)
    await mount(() => <ComposePage />)
    act(() => useAppStore.getState().editComposeText(pasted))
    expect(useAppStore.getState().compose.text).toHaveLength(20_000)
    expect(byTestId('compose-count')[0].textContent).toBe(`20000/${LIMITS.postChars}`)
    expect(byTestId('compose-count-over')[0].textContent).toContain('超出 10000 字')
    expect(selectCanSubmitPost(useAppStore.getState())).toBe(false)
    const textarea = document.querySelector('taro-textarea-core, textarea') as HTMLElement & { maxlength?: number }
    // the field itself never cuts: -1 is "no limit" in both WeChat and Taro H5
    expect(String(textarea?.getAttribute('maxlength') ?? (textarea as any)?.maxlength)).toBe('-1')
    act(() => useAppStore.getState().editComposeText(pasted.slice(0, LIMITS.postChars)))
    expect(byTestId('compose-count-over')).toHaveLength(0)
    expect(selectCanSubmitPost(useAppStore.getState())).toBe(true)
  })
})
