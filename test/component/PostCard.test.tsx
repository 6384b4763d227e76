import { act } from 'react'
import { resetAppStore, useAppStore } from '@/store'
import { PostCard } from '@/packageCircle/components/PostCard'
import { makePost } from './support/fixtures'
import { byTestId, mount } from './support/mount'

jest.mock('@/services/cloud', () => ({ ...jest.requireActual('@/services/cloud'), call: jest.fn() }))

describe('PostCard', () => {
  beforeEach(() => {
    resetAppStore()
  })

  it('renders the text, the images and the #tags of a post', async () => {
    useAppStore.setState({
      posts: {
        p1: makePost({
          images: ['cloud://env-1.abc/uploads/a.jpg', 'cloud://env-1.abc/uploads/b.jpg'],
          pinned: true,
          featured: true,
        }),
      },
    })
    await mount(() => <PostCard postId="p1" />)
    const card = byTestId('post-card')[0]
    expect(card.textContent).toContain('今天聊聊')
    expect(card.textContent).toContain('#产品')
    expect(card.textContent).toContain('置顶')
    expect(card.textContent).toContain('精华')
    const imgs = byTestId('post-images')[0].querySelectorAll('img, taro-image-core')
    expect(imgs.length).toBeGreaterThanOrEqual(2)
    // H5 maps cloud:// ids to the local cloud's /files/ path.
    expect(byTestId('post-images')[0].innerHTML).toContain('/files/uploads/a.jpg')
  })

  it('tapping a #tag asks the feed to switch to that tag', async () => {
    useAppStore.setState({ posts: { p1: makePost() } })
    const onTag = jest.fn()
    const t = await mount(() => <PostCard postId="p1" onTag={onTag} />)
    const tag = Array.from(document.querySelectorAll('.post__tag')).find(
      (e) => e.textContent === '#产品',
    ) as HTMLElement
    await act(async () => t.fireEvent.click(tag))
    expect(onTag).toHaveBeenCalledWith('产品')
  })

  it('tapping like calls the likePost action with the post id', async () => {
    const likePost = jest.fn().mockResolvedValue(undefined)
    useAppStore.setState({ posts: { p1: makePost() }, likePost })
    const t = await mount(() => <PostCard postId="p1" />)
    await act(async () => t.fireEvent.click(byTestId('like')[0]))
    expect(likePost).toHaveBeenCalledWith('p1')
  })

  it('shows the new like count as soon as the store changes', async () => {
    useAppStore.setState({ posts: { p1: makePost({ likeCount: 2 }) } })
    await mount(() => <PostCard postId="p1" />)
    expect(byTestId('like')[0].textContent).toContain('2')
    await act(async () => {
      useAppStore.setState({ posts: { p1: makePost({ likeCount: 3, liked: true }) } })
    })
    expect(byTestId('like')[0].textContent).toContain('3')
    // the filled heart of the icon set (components/Icon.tsx), not a text glyph
    expect(byTestId('like')[0].querySelector('[data-icon="heart"]')).not.toBeNull()
    expect(byTestId('like')[0].className).toContain('post__action--on')
  })

  it('hides like and comment actions for a visitor reading a preview', async () => {
    useAppStore.setState({ posts: { p1: makePost() } })
    await mount(() => <PostCard postId="p1" readOnly />)
    expect(byTestId('like')).toHaveLength(0)
  })
})
