// index.html's inline bootstrap (config/h5-boot.js, as config/h5-loading.ts inlines it) against
// the app's side (src/services/early.ts through services/cloud.ts and the session store): the first
// page's data and user.login start before the app, and the app takes those answers instead of
// asking again.
import fs from 'fs'
import { BOOT_SOURCE, bootScript, pageOfRequest } from '../../config/h5-loading'
import { call, setDevOpenid } from '@/services/cloud'
import { endEarlyPaint } from '@/services/early'
import { useAppStore } from '@/store'

const FEED = 'packageCircle/pages/circle/index'
const ROUTES = {
  'pages/discover/index': ['/css/1.css', '/js/1.js'],
  [FEED]: ['/css/2.css', '/js/shared.js', '/js/2.js'],
}

interface Sent {
  url: string
  body: Record<string, unknown> | null
  openid: string
}

let sent: Sent[] = []
const realFetch = globalThis.fetch

/** A gateway that answers every call with what it was asked (and a fresh code for wx.login). */
function fakeGateway() {
  sent = []
  let codes = 0
  globalThis.fetch = jest.fn(async (url: string, init?: RequestInit) => {
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : null
    const headers = (init?.headers ?? {}) as Record<string, string>
    sent.push({ url, body, openid: headers['x-dev-openid'] })
    const data =
      url === '/wxapi/_dev/login'
        ? { code: `code_${++codes}` }
        : body?.action === 'login'
          ? { openid: headers['x-dev-openid'], nickname: '王一鸣', code: body.code ?? null }
          : { answered: body, call: sent.length }
    return { ok: true, json: async () => ({ ok: true, data }) }
  }) as unknown as typeof fetch
}

/** Opens index.html at `hash`: runs the bootstrap as the built page does, before the app. */
function openIndexHtml(hash: string) {
  window.location.hash = hash
  document.head.querySelectorAll('link[rel="preload"]').forEach((l) => l.remove())
  delete window.__qzEarly
  new Function(bootScript(fs.readFileSync(BOOT_SOURCE, 'utf8'), ROUTES, 'pages/discover/index'))()
}

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('the H5 bootstrap in index.html', () => {
  beforeEach(() => {
    fakeGateway()
    setDevOpenid('o_demo_wang_yiming')
  })
  afterEach(() => {
    globalThis.fetch = realFetch
    delete window.__qzEarly
  })

  it("preloads the opened page's chunks and asks for its circle before the app runs", async () => {
    openIndexHtml(`#/${FEED}?id=c_42&invite=abc`)
    const preloads = Array.from(document.head.querySelectorAll<HTMLLinkElement>('link[rel="preload"]'))
    expect(preloads.map((l) => [l.getAttribute('href'), l.getAttribute('as')])).toEqual([
      ['/css/2.css', 'style'],
      ['/js/shared.js', 'script'],
      ['/js/2.js', 'script'],
    ])
    expect(sent).toEqual([
      {
        url: '/api/fn/circle',
        body: { action: 'get', device: 'h5', circleId: 'c_42' },
        openid: 'o_demo_wang_yiming',
      },
    ])
    // the sign-in follows once the page's data is in
    await flush()
    expect(sent.map((s) => s.url)).toEqual(['/api/fn/circle', '/wxapi/_dev/login', '/api/fn/user'])
  })

  it('lets the app take the early circle.get instead of asking again, once', async () => {
    openIndexHtml(`#/${FEED}?id=c_42`)
    const page = (await call('circle', 'get', { circleId: 'c_42' })) as unknown as { call: number }
    expect(page.call).toBe(1)
    await flush()
    const before = sent.filter((s) => s.url === '/api/fn/circle').length
    expect(before).toBe(1)
    // a second look (pull to refresh) is a real request
    await call('circle', 'get', { circleId: 'c_42' })
    expect(sent.filter((s) => s.url === '/api/fn/circle').length).toBe(2)
  })

  it('never hands an early answer to a different call', async () => {
    openIndexHtml(`#/${FEED}?id=c_42`)
    const other = (await call('circle', 'get', { circleId: 'c_7' })) as unknown as { answered: { circleId: string } }
    expect(other.answered.circleId).toBe('c_7')
    expect(sent.filter((s) => s.url === '/api/fn/circle').map((s) => s.body?.circleId)).toEqual(['c_42', 'c_7'])
  })

  it('signs in with the early user.login: no second wx.login code, no second login', async () => {
    openIndexHtml('#/pages/mine/index')
    await useAppStore.getState().signIn()
    expect(useAppStore.getState().sessionStatus).toBe('ready')
    expect(useAppStore.getState().me).toMatchObject({ openid: 'o_demo_wang_yiming', code: 'code_1' })
    expect(sent.map((s) => `${s.url} ${String(s.body?.action ?? '')}`)).toEqual([
      '/api/fn/circle mine',
      '/wxapi/_dev/login ',
      '/api/fn/user login',
    ])
  })

  it('does not give one demo user the answers fetched for another', async () => {
    openIndexHtml('#/pages/discover/index')
    setDevOpenid('o_demo_wu_xiao')
    const list = (await call('circle', 'discover', {})) as unknown as { answered: unknown }
    expect(list.answered).toEqual({ action: 'discover', device: 'h5' })
    expect(sent.filter((s) => s.url === '/api/fn/circle').map((s) => s.openid)).toEqual([
      'o_demo_wang_yiming',
      'o_demo_wu_xiao',
    ])
  })

  it('signs a different demo user in with a wx.login code of their own', async () => {
    openIndexHtml('#/pages/mine/index')
    await flush()
    setDevOpenid('o_demo_wu_xiao')
    useAppStore.setState({ sessionStatus: 'idle' })
    await useAppStore.getState().signIn()
    const wu = sent.filter((s) => s.openid === 'o_demo_wu_xiao')
    expect(wu.map((s) => s.url)).toEqual(['/wxapi/_dev/login', '/api/fn/user'])
    expect(useAppStore.getState().me).toMatchObject({ openid: 'o_demo_wu_xiao' })
    expect(wu[1].body?.code).toMatch(/^code_/)
  })

  it('starts no call before a demo user is picked, and opens the first page for an empty address', () => {
    setDevOpenid('')
    openIndexHtml('')
    expect(sent).toEqual([])
    expect(window.__qzEarly).toBeUndefined()
    const preloads = Array.from(document.head.querySelectorAll('link[rel="preload"]')).map((l) =>
      l.getAttribute('href'),
    )
    expect(preloads).toEqual(ROUTES['pages/discover/index'])
  })
})

/** circle.get's answer for a member (me and the first page of 最新) or, without `me`, for a visitor. */
function circleAnswer(member: boolean) {
  const post = (id: string, nickname: string, text: string) => ({ id, author: { nickname }, text })
  return {
    circle: { id: 'c_42', name: '读书会', memberCount: 12, announcement: '周五 <b>读书</b>', tags: ['小说'] },
    me: member ? { role: 'member', state: 'active' } : null,
    feed: member
      ? {
          items: [
            post('p1', '王一鸣', '<img src=x onerror="alert(1)">第一条'),
            post('p2', '吴晓', '第二条'),
            post('p3', '陈', '第三条'),
            post('p4', '李', '第四条'),
          ],
          nextCursor: null,
        }
      : null,
  }
}

/** The gateway answers circle.get with `answer` once `open()` is called (sooner or later than the app). */
function gatewayWithCircle(answer: unknown) {
  let open = () => {}
  const gate = new Promise<void>((r) => (open = r))
  globalThis.fetch = jest.fn(async () => {
    await gate
    return { ok: true, json: async () => ({ ok: true, data: answer }) }
  }) as unknown as typeof fetch
  return () => open()
}

const painted = () => document.getElementById('qz-early')

describe("the bootstrap's first screen of a feed", () => {
  beforeEach(() => setDevOpenid('o_demo_wang_yiming'))
  afterEach(() => {
    globalThis.fetch = realFetch
    delete window.__qzEarly
    delete window.__qzAppUp
    painted()?.remove()
  })

  it("paints a member's circle name and first three posts as text, taking no taps, until the page shows its own", async () => {
    const answer = gatewayWithCircle(circleAnswer(true))
    openIndexHtml(`#/${FEED}?id=c_42`)
    await flush()
    expect(painted()).toBeNull()
    answer()
    await flush()
    const box = painted()!
    expect(box.getAttribute('aria-hidden')).toBe('true')
    expect(box.querySelector('style')!.textContent).toContain('pointer-events:none')
    expect(box.querySelector('b')!.textContent).toBe('读书会')
    expect(Array.from(box.querySelectorAll('.c span')).map((e) => e.textContent)).toEqual(['王一鸣', '吴晓', '陈'])
    expect(Array.from(box.querySelectorAll('p')).map((e) => e.textContent)).toEqual([
      '<img src=x onerror="alert(1)">第一条',
      '第二条',
      '第三条',
    ])
    expect(box.querySelector('.o span')!.textContent).toBe('周五 <b>读书</b>')
    expect(Array.from(box.querySelectorAll('.t span')).map((e) => e.textContent)).toEqual([
      '最新',
      '精华',
      '圈主',
      '#小说',
    ])
    expect(box.querySelector('img')).toBeNull()

    // the page mounts while still loading: the copy stays; its content arrives: the copy goes
    endEarlyPaint(false)
    expect(painted()).not.toBeNull()
    endEarlyPaint(true)
    expect(painted()).toBeNull()
  })

  it("paints nothing for a visitor's answer (the landing page, no feed)", async () => {
    const answer = gatewayWithCircle(circleAnswer(false))
    openIndexHtml(`#/${FEED}?id=c_42`)
    answer()
    await flush()
    expect(painted()).toBeNull()
  })

  it("paints nothing when the app's page is up before the answer arrives", async () => {
    const answer = gatewayWithCircle(circleAnswer(true))
    openIndexHtml(`#/${FEED}?id=c_42`)
    endEarlyPaint(false)
    answer()
    await flush()
    expect(painted()).toBeNull()
  })

  it('paints nothing for a feed opened on a tag, and leaves when the address changes', async () => {
    let answer = gatewayWithCircle(circleAnswer(true))
    openIndexHtml(`#/${FEED}?id=c_42&tag=%E4%B9%A6`)
    answer()
    await flush()
    expect(painted()).toBeNull()

    answer = gatewayWithCircle(circleAnswer(true))
    openIndexHtml(`#/${FEED}?id=c_42`)
    answer()
    await flush()
    expect(painted()).not.toBeNull()
    window.location.hash = '#/pages/discover/index'
    window.dispatchEvent(new HashChangeEvent('hashchange'))
    expect(painted()).toBeNull()
  })
})

describe("the build's page table", () => {
  it("names a page by the import() Taro's router makes for it", () => {
    expect(pageOfRequest('./packageCircle/pages/circle/index', '/app/src')).toBe(FEED)
    expect(pageOfRequest('/app/src/pages/discover/index.tsx', '/app/src')).toBe('pages/discover/index')
    expect(pageOfRequest('./utils/previewImageH5', '/app/src')).toBeNull()
  })
})
