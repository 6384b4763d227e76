import { decideJoin, decideLeave, decideRoleChange, newCircle, profilePatch, roleAt } from '@core/circle'
import { inputs } from '@core/contract'
import { DomainError } from '@core/errors'
import type { MembershipRecord } from '@core/records'

const now = new Date('2026-11-23T10:00:00Z')
const owner = { openid: 'o_owner', nickname: '林知远', avatarUrl: '' }
const alice = { openid: 'o_alice', nickname: '小艾', avatarUrl: '' }

function circleOf(entryMode: 'free' | 'approval' | 'paid', status: 'active' | 'closed' = 'active') {
  const input = inputs.circle.create.parse({ name: '晨读会', type: 'interest', entryMode })
  const { circle } = newCircle(input, owner, 'c1', now)
  return { ...circle, status }
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return (e as DomainError).code
  }
  return undefined
}

describe('creating a circle', () => {
  it('makes the creator its owner with a membership that never ends', () => {
    const input = inputs.circle.create.parse({
      name: '晨读会',
      type: 'interest',
      entryMode: 'free',
      tags: ['读书', '读书', '早起'],
    })
    const { circle, ownerMembership } = newCircle(input, owner, 'c1', now)
    expect(circle).toMatchObject({
      _id: 'c1',
      ownerId: 'o_owner',
      memberCount: 1,
      status: 'active',
      tags: ['读书', '早起'],
      allowPreview: true,
    })
    expect(ownerMembership).toMatchObject({ _id: 'c1:o_owner', role: 'owner', status: 'active', expiresAt: null })
  })

  it('patches only the fields an edit names', () => {
    const patch = profilePatch({ welcome: '欢迎！' }, now)
    expect(patch).toEqual({ welcome: '欢迎！', updatedAt: now })
  })
})

describe('joining', () => {
  it('lets anyone join a free circle as a member', () => {
    const m = decideJoin(circleOf('free'), null, alice, now)
    expect(m).toMatchObject({ _id: 'c1:o_alice', role: 'member', status: 'active', joinedAt: now })
  })

  it('refuses approval and paid circles with their own codes', () => {
    expect(codeOf(() => decideJoin(circleOf('approval'), null, alice, now))).toBe('entry_requires_approval')
    expect(codeOf(() => decideJoin(circleOf('paid'), null, alice, now))).toBe('entry_requires_payment')
  })

  it('refuses a closed circle and a second join', () => {
    expect(codeOf(() => decideJoin(circleOf('free', 'closed'), null, alice, now))).toBe('circle_closed')
    const m = decideJoin(circleOf('free'), null, alice, now)
    expect(codeOf(() => decideJoin(circleOf('free'), m, alice, now))).toBe('already_member')
  })

  it('lets a member who left join again', () => {
    const m = decideJoin(circleOf('free'), null, alice, now)
    const left = decideLeave(m, now)
    expect(left.status).toBe('left')
    expect(decideJoin(circleOf('free'), left, alice, now).status).toBe('active')
  })

  it('never lets the owner leave', () => {
    const { ownerMembership } = newCircle(
      inputs.circle.create.parse({ name: '晨读会', type: 'interest', entryMode: 'free' }),
      owner,
      'c1',
      now,
    )
    expect(codeOf(() => decideLeave(ownerMembership, now))).toBe('owner_cannot_leave')
  })
})

describe('access at request time', () => {
  const base: MembershipRecord = {
    _id: 'c1:o_alice',
    circleId: 'c1',
    openid: 'o_alice',
    role: 'member',
    status: 'active',
    user: { nickname: '小艾', avatarUrl: '' },
    joinedAt: now,
    expiresAt: new Date('2026-12-01T00:00:00Z'),
    updatedAt: now,
  }

  it('holds until the second before expiresAt and ends at it', () => {
    expect(roleAt(base, new Date('2026-11-30T23:59:59Z'))).toBe('member')
    expect(roleAt(base, new Date('2026-12-01T00:00:00Z'))).toBeNull()
  })

  it('is null for a membership that was left or never existed', () => {
    expect(roleAt({ ...base, status: 'left' }, now)).toBeNull()
    expect(roleAt(null, now)).toBeNull()
  })

  it('lets the owner change members to admins but never the owner', () => {
    expect(decideRoleChange(base, 'admin', now).role).toBe('admin')
    expect(codeOf(() => decideRoleChange({ ...base, role: 'owner' }, 'member', now))).toBe('forbidden')
    expect(codeOf(() => decideRoleChange(null, 'admin', now))).toBe('not_found')
  })
})
