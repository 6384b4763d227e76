import TestUtils from '@tarojs/test-utils-react'
import { act, type ComponentType } from 'react'

const mounted: TestUtils[] = []

/** Mounts a component with Taro's H5 runtime; it is unmounted after the test. */
export async function mount(ui: ComponentType): Promise<TestUtils> {
  const t = new TestUtils()
  await t.mount(ui)
  mounted.push(t)
  return t
}

afterEach(() => {
  act(() => {
    // (sic) test-utils-react 0.1.1 names it `unmout`.
    for (const t of mounted.splice(0)) t.unmout()
  })
  document.body.innerHTML = ''
})

export const byTestId = (id: string) => Array.from(document.querySelectorAll(`[data-testid="${id}"]`)) as HTMLElement[]
