/**
 * Subscription-message template ids. The core names each template by its local id (what the local
 * cloud and the tests use, e.g. core/term.ts RENEWAL_TEMPLATE_ID); production's real ids, chosen
 * in the mini-program console, come from the environment (runtime/env.ts, docs/configuration.md).
 * The deploy refuses to ship while one is unset or still the local id.
 */
import { PAY_REMINDER_TEMPLATE_ID, RENEWAL_TEMPLATE_ID, SUBSCRIBE_TEMPLATE_IDS } from '../core/term'

type Env = Record<string, string | undefined>

/** local id → the id WeChat knows in this environment (one line per template). */
function realIds(env: Env): Record<string, string | undefined> {
  return {
    [RENEWAL_TEMPLATE_ID]: env.QZ_TEMPLATE_RENEWAL,
    [PAY_REMINDER_TEMPLATE_ID]: env.QZ_TEMPLATE_PAY_REMINDER,
  }
}

/** The id WeChat knows for the template the core calls `localId`. */
export function templateId(localId: string, env: Env = process.env): string {
  return realIds(env)[localId] || localId
}

export const renewalTemplateId = (env: Env = process.env): string => templateId(RENEWAL_TEMPLATE_ID, env)
export const payReminderTemplateId = (env: Env = process.env): string => templateId(PAY_REMINDER_TEMPLATE_ID, env)

/** Every template the app may ask for, as WeChat knows them in this environment. */
export function subscribeTemplateIds(env: Env = process.env): string[] {
  return SUBSCRIBE_TEMPLATE_IDS.map((id) => templateId(id, env))
}
