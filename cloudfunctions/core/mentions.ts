/**
 * @mentions in posts and comments. A mention is `@` followed by a nickname (1–20 characters) and
 * ends at whitespace, another `@` or punctuation, as the WeChat keyboard leaves a space after a
 * picked name. Which tokens are members is decided against the circle's memberships.
 */
import { LIMITS } from './limits'

/** At most this many people are notified per text (a wall of @s is not a broadcast channel). */
export const MAX_MENTIONS = 10

export function mentionTokens(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/@([^\s@,，.。!！?？:：;；、()（）[\]【】"'“”‘’<>《》]+)/gu)) {
    const name = [...m[1]].slice(0, LIMITS.nicknameChars).join('')
    if (name && !out.includes(name)) out.push(name)
    if (out.length === MAX_MENTIONS) break
  }
  return out
}
