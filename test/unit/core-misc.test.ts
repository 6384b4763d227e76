import { inputs } from '@core/contract'
import { decodeCursor, encodeCursor, pageOf } from '@core/cursor'
import { ERROR_MESSAGES, messageFor } from '@core/errors'
import { PERMISSIONS, can } from '@core/permissions'
import { formatRelative, shanghaiDayKey } from '@core/time'

describe('cursors', () => {
  it('round-trips keys, including non-ASCII ids', () => {
    const key = { c: 1763892000000, i: '帖子-01😀' }
    expect(decodeCursor(encodeCursor(key), ['c', 'i'])).toEqual(key)
  })

  it('refuses a forged or broken cursor as a bad argument named cursor', () => {
    for (const bad of ['%%%', encodeCursor({ c: 1 }), 'eyJ']) {
      expect(() => decodeCursor(bad, ['c', 'i'])).toThrow(
        expect.objectContaining({ code: 'invalid_argument', param: 'cursor' }),
      )
    }
  })

  it('gives a next cursor only when there is another row', () => {
    expect(pageOf([1, 2], 2, (n) => ({ n })).nextCursor).toBeNull()
    const page = pageOf([1, 2, 3], 2, (n) => ({ n }))
    expect(page.rows).toEqual([1, 2])
    expect(decodeCursor(page.nextCursor!, ['n'])).toEqual({ n: 2 })
  })
})

describe('Shanghai calendar', () => {
  it('puts 16:00 UTC on the next Shanghai day, whatever the machine zone', () => {
    expect(shanghaiDayKey(new Date('2026-11-23T15:59:59Z'))).toBe('20261123')
    expect(shanghaiDayKey(new Date('2026-11-23T16:00:00Z'))).toBe('20261124')
  })

  it('says 昨天 across Shanghai midnight even when UTC says same day', () => {
    const now = new Date('2026-11-23T16:30:00Z') // 00:30 on the 24th in Shanghai
    expect(formatRelative(new Date('2026-11-23T15:00:00Z'), now)).toBe('昨天 23:00')
    expect(formatRelative(new Date('2026-11-23T16:29:30Z'), now)).toBe('刚刚')
    expect(formatRelative(new Date('2026-11-23T16:05:00Z'), now)).toBe('25分钟前')
    expect(formatRelative(new Date('2025-01-02T04:00:00Z'), now)).toBe('2025-01-02')
  })
})

describe('permissions', () => {
  it('lets only owner and admins moderate, and only the owner edit', () => {
    expect(can('admin', 'post.pin')).toBe(true)
    expect(can('member', 'post.pin')).toBe(false)
    expect(can('admin', 'circle.edit')).toBe(false)
    expect(can('owner', 'circle.edit')).toBe(true)
  })

  it('gives a visitor nothing', () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) expect(can(null, p)).toBe(false)
  })
})

describe('input schemas', () => {
  it('counts a name in characters a person sees', () => {
    expect(inputs.circle.create.safeParse({ name: '读', type: 'interest', entryMode: 'free' }).success).toBe(false)
    expect(inputs.circle.create.safeParse({ name: '读书', type: 'interest', entryMode: 'free' }).success).toBe(true)
    expect(inputs.circle.create.safeParse({ name: '😀'.repeat(30), type: 'interest', entryMode: 'free' }).success).toBe(
      true,
    )
    expect(inputs.circle.create.safeParse({ name: '😀'.repeat(31), type: 'interest', entryMode: 'free' }).success).toBe(
      false,
    )
  })

  it('refuses unknown fields, so a client cannot smuggle an owner or a price', () => {
    const r = inputs.circle.create.safeParse({ name: '读书会', type: 'interest', entryMode: 'free', ownerId: 'x' })
    expect(r.success).toBe(false)
  })

  it('takes at most 9 images, each a cloud file id, and needs text or an image', () => {
    const img = 'cloud://env.bucket/a.jpg'
    expect(inputs.post.create.safeParse({ circleId: 'c1', text: '', images: Array(9).fill(img) }).success).toBe(true)
    expect(inputs.post.create.safeParse({ circleId: 'c1', text: 'x', images: Array(10).fill(img) }).success).toBe(false)
    expect(inputs.post.create.safeParse({ circleId: 'c1', text: 'x', images: ['http://evil/a.jpg'] }).success).toBe(
      false,
    )
    expect(inputs.post.create.safeParse({ circleId: 'c1', text: '   ', images: [] }).success).toBe(false)
  })

  it('has a Chinese message for every code and names the field', () => {
    for (const code of Object.keys(ERROR_MESSAGES) as (keyof typeof ERROR_MESSAGES)[])
      expect(messageFor(code)).toMatch(/[\u4e00-\u9fa5]/)
    expect(messageFor('invalid_argument', 'name')).toBe('圈子名称填写有误，请检查后再试')
  })
})
