import { userView } from '../core/views'
import { createMain } from '../runtime/handler'
import { memberships } from '../runtime/repos/circles'
import { users } from '../runtime/repos/users'
import { ensureUser } from '../runtime/session'

export const main = createMain({
  name: 'user',
  actions: {
    async login(_input, ctx) {
      const user = await ensureUser(ctx.openid, ctx.now)
      return { ...userView(user), createdAt: new Date(user.createdAt).toISOString() }
    },

    async updateProfile(input, ctx) {
      const user = await ensureUser(ctx.openid, ctx.now)
      const next = { ...user, ...input, updatedAt: ctx.now }
      await users.update(ctx.openid, { nickname: next.nickname, avatarUrl: next.avatarUrl, updatedAt: ctx.now })
      await memberships.refreshUser(ctx.openid, { nickname: next.nickname, avatarUrl: next.avatarUrl })
      return { ...userView(next), createdAt: new Date(user.createdAt).toISOString() }
    },
  },
})
