// Content protection in the app: the nickname watermark over images, attachments with 禁止下载,
// and the 审核中 badge of a held post (docs/content-security.md).
import { act } from 'react'
import { Text } from '@tarojs/components'
import { resetAppStore, useAppStore } from '@/store'
import { PostCard } from '@/packageCircle/components/PostCard'
import FileList, { formatBytes } from '@/packageCircle/components/FileList'
import Watermark from '@/packageCircle/components/Watermark'
import { makeCirclePage, makePost } from './support/fixtures'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))

const FILES = [
  { index: 0, name: '年度计划.pdf', sizeBytes: 2048, kind: 'pdf' as const, noDownload: true },
  { index: 1, name: '读书笔记.docx', sizeBytes: 3 * 1024 * 1024, kind: 'doc' as const, noDownload: false },
]

describe('Watermark', () => {
  it('repeats the viewer nickname over its children when enabled', async () => {
    await mount(() => (
      <Watermark text="小爱" enabled repeat={4}>
        <Text>图</Text>
      </Watermark>
    ))
    const layer = byTestId('watermark')[0]
    expect(layer).toBeTruthy()
    expect(layer.textContent).toBe('小爱小爱小爱小爱')
  })

  it('renders only the children when disabled or without a nickname', async () => {
    await mount(() => (
      <>
        <Watermark text="小爱" enabled={false}>
          <Text>一</Text>
        </Watermark>
        <Watermark text="  " enabled>
          <Text>二</Text>
        </Watermark>
      </>
    ))
    expect(byTestId('watermark')).toHaveLength(0)
    expect(document.body.textContent).toContain('一')
    expect(document.body.textContent).toContain('二')
  })
})

describe('FileList', () => {
  it('lists names, sizes and which files are preview-only, and reports taps by index', async () => {
    const onOpen = jest.fn()
    const t = await mount(() => <FileList files={FILES} onOpen={onOpen} />)
    const items = byTestId('file-item')
    expect(items).toHaveLength(2)
    expect(items[0].textContent).toContain('年度计划.pdf')
    expect(items[0].textContent).toContain('2.0 KB')
    expect(items[0].textContent).toContain('禁止下载')
    expect(items[0].textContent).toContain('预览')
    expect(items[1].textContent).not.toContain('禁止下载')
    expect(items[1].textContent).toContain('3.0 MB')
    await act(async () => t.fireEvent.click(items[1]))
    expect(onOpen).toHaveBeenCalledWith(1)
  })

  it('formats sizes', () => {
    expect(formatBytes(500)).toBe('500 B')
    expect(formatBytes(20 * 1024)).toBe('20 KB')
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB')
  })
})

describe('PostCard with content protection', () => {
  beforeEach(() => resetAppStore())

  it('watermarks images with the viewer nickname only when the circle turned it on', async () => {
    const post = makePost({ images: ['cloud://env-1.abc/uploads/a.jpg'] })
    useAppStore.setState({
      posts: { p1: post },
      me: { openid: 'u-me', nickname: '小爱', avatarUrl: '', createdAt: '2025-01-01T00:00:00.000Z' },
      circlePages: {
        c1: { status: 'ready', error: null, page: { ...makeCirclePage(), protection: { watermark: false } } },
      },
    } as never)
    await mount(() => <PostCard postId="p1" />)
    expect(byTestId('watermark')).toHaveLength(0)
    await act(async () => {
      useAppStore.setState({
        circlePages: {
          c1: { status: 'ready', error: null, page: { ...makeCirclePage(), protection: { watermark: true } } },
        },
      } as never)
    })
    expect(byTestId('watermark')[0].textContent).toContain('小爱')
  })

  it('shows 审核中 on a held post and lists its attachments', async () => {
    useAppStore.setState({ posts: { p1: makePost({ status: 'held', files: FILES }) } })
    const onOpenFile = jest.fn()
    const t = await mount(() => <PostCard postId="p1" onOpenFile={onOpenFile} />)
    expect(byTestId('post-card')[0].textContent).toContain('审核中')
    expect(byTestId('file-item')).toHaveLength(2)
    await act(async () => t.fireEvent.click(byTestId('file-item')[0]))
    expect(onOpenFile).toHaveBeenCalledWith('p1', 0)
  })
})
