import { Text } from '@tarojs/components'
import { LoadedView } from '@/components/LoadedView'
import { ApiError } from '@/services/cloud'
import { byTestId, mount } from './support/mount'

describe('LoadedView', () => {
  const render = (state: Parameters<typeof LoadedView<string>>[0]['state'], onRetry = jest.fn()) =>
    mount(() => (
      <LoadedView state={state} onRetry={onRetry}>
        {(data) => <Text data-testid="content">{data}</Text>}
      </LoadedView>
    ))

  it('shows loading until the first answer, then the content, kept while it refreshes', async () => {
    await render({ status: 'loading', error: null, data: null })
    expect(byTestId('state-loading')).toHaveLength(1)
    expect(byTestId('content')).toHaveLength(0)
    await render({ status: 'loading', error: null, data: '积分规则' })
    expect(byTestId('content')[0].textContent).toBe('积分规则')
  })

  it('shows the error with its Chinese message only while nothing was loaded', async () => {
    await render({ status: 'error', error: new ApiError('network'), data: null })
    expect(byTestId('state-error')[0].textContent).toContain('网络不太好')
    await render({ status: 'error', error: new ApiError('network'), data: '旧数据' })
    expect(byTestId('content')[0].textContent).toBe('旧数据')
  })
})
