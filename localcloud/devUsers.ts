/**
 * The dev login: H5 has no WeChat identity, so the app lets you pick who you are. The list is the
 * users in the database, labelled by what they are in the demo (圈主 / 管理员 / 成员 / 路人). A new
 * user is made by the product's own code: user.login then user.updateProfile, as that user.
 */
import { randomBytes } from 'crypto'
import type { Caller } from './gateway/gateway'

export interface DevUser {
  openid: string
  nickname: string
  avatarUrl: string
  label: string
}

interface Reader {
  find(collection: string, query?: Record<string, unknown>): Promise<any[]> | any[]
}

type Invoke = (name: string, event: Record<string, unknown>, caller: Caller) => Promise<any>

const RANK: Record<string, number> = { 圈主: 0, 管理员: 1, 成员: 2, 路人: 3 }

export async function listDevUsers(db: Reader): Promise<DevUser[]> {
  const [users, memberships] = await Promise.all([findOrNone(db, 'users'), findOrNone(db, 'memberships')])
  const roles = new Map<string, Set<string>>()
  for (const m of memberships) {
    if (m.status !== 'active') continue
    if (!roles.has(m.openid)) roles.set(m.openid, new Set())
    roles.get(m.openid)!.add(m.role)
  }
  const labelOf = (openid: string) => {
    const mine = roles.get(openid)
    if (mine?.has('owner')) return '圈主'
    if (mine?.has('admin')) return '管理员'
    if (mine && mine.size > 0) return '成员'
    return '路人'
  }
  return users
    .map((u) => ({
      openid: String(u._id),
      nickname: String(u.nickname ?? ''),
      avatarUrl: String(u.avatarUrl ?? ''),
      label: labelOf(String(u._id)),
      createdAt: new Date(u.createdAt ?? 0).getTime(),
    }))
    .sort((a, b) => RANK[a.label] - RANK[b.label] || a.createdAt - b.createdAt || a.openid.localeCompare(b.openid))
    .map(({ createdAt: _createdAt, ...user }) => user)
}

/** A collection the functions have not created yet reads as empty. */
async function findOrNone(db: Reader, collection: string): Promise<any[]> {
  try {
    return await db.find(collection)
  } catch {
    return []
  }
}

export class DevUserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message)
  }
}

/** Creates a user through the real functions; throws DevUserError with the function's error. */
export async function createDevUser(invoke: Invoke, nickname: unknown): Promise<DevUser> {
  if (typeof nickname !== 'string' || nickname.trim() === '') {
    throw new DevUserError('invalid_argument', 'nickname is required', 'nickname')
  }
  const openid = `o_dev_${randomBytes(4).toString('hex')}`
  const caller: Caller = { openid, source: 'client' }
  const login = await invoke('user', { action: 'login' }, caller)
  if (!login?.ok) throw new DevUserError(login?.error?.code ?? 'internal', login?.error?.message ?? 'login failed')
  const profile = await invoke('user', { action: 'updateProfile', nickname: nickname.trim() }, caller)
  if (!profile?.ok) {
    throw new DevUserError(
      profile?.error?.code ?? 'internal',
      profile?.error?.message ?? 'updateProfile failed',
      profile?.error?.param,
    )
  }
  return { openid, nickname: profile.data.nickname, avatarUrl: profile.data.avatarUrl ?? '', label: '路人' }
}
