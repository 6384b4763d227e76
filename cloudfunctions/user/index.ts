import { rememberSession } from '../runtime/wxsession'
import { saleView } from '../runtime/sale'
import { userView } from '../core/views'
import { assertPasses } from '../core/content'
import { checkContent } from '../runtime/contentSecurity'
import { createMain } from '../runtime/handler'
import { memberships } from '../runtime/repos/circles'
import { users } from '../runtime/repos/users'
import { ensureUser } from '../runtime/session'

export const main = createMain({
  name: 'user',
  actions: {
    async login(input, ctx) {
      const user = await ensureUser(ctx.openid, ctx.now)
      // virtual payment: the session_key stays on the server; a failed exchange only means the
      // next virtual prepay asks for a fresh login (session_expired), never a failed login
      if (input.code) {
        await rememberSession(ctx.openid, input.code, ctx.now).catch((e) =>
          console.warn(
            JSON.stringify({
              level: 'warn',
              fn: 'user',
              action: 'login',
              requestId: ctx.requestId,
              code: (e as { code?: string })?.code ?? String(e),
            }),
          ),
        )
      }
      return {
        ...userView(user),
        createdAt: new Date(user.createdAt).toISOString(),
        virtualGoods: saleView('entry', ctx.device),
      }
    },

    async updateProfile(input, ctx) {
      const user = await ensureUser(ctx.openid, ctx.now)
      // content: a new nickname must pass content security (review and risky both refuse: a name cannot wait)
      const texts = input.nickname !== undefined && input.nickname !== user.nickname ? [input.nickname] : []
      const images = input.avatarUrl && input.avatarUrl !== user.avatarUrl ? [input.avatarUrl] : []
      if (texts.length || images.length)
        assertPasses(await checkContent({ openid: ctx.openid, scene: 'profile', texts, images }))
      const next = { ...user, ...input, updatedAt: ctx.now }
      await users.update(ctx.openid, { nickname: next.nickname, avatarUrl: next.avatarUrl, updatedAt: ctx.now })
      await memberships.refreshUser(ctx.openid, { nickname: next.nickname, avatarUrl: next.avatarUrl })
      return {
        ...userView(next),
        createdAt: new Date(user.createdAt).toISOString(),
        virtualGoods: saleView('entry', ctx.device),
      }
    },
  },
})
