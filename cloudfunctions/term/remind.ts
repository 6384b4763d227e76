/**
 * Renewal reminders (timer `remind`): N days before a term ends (the circle's
 * `settings.renewal.reminderDays`, default 7/3/1), in-app, and by subscription message where the
 * member has a one-time grant left. Each reminder goes once per term: its key
 * (`${expiresAt ms}:${days}`) is recorded on the membership (`remindersSent`), the notice and the
 * message carry ids derived from it, and renewing moves expiresAt, so the next term's reminders
 * are new keys.
 *
 * Pages of 1000 over active memberships ending within the next 30 days (index status_expiresAt),
 * resuming from a cursor in `jobs`, a bounded number of pages per run; a pass that reaches the end
 * starts over at the next run.
 */
import type { MembershipRecord } from '../core/records'
import { settingsOf } from '../core/settings'
import {
  dueReminder,
  MAX_REMINDER_DAYS,
  reminderNotice,
  reminderNoticeId,
  renewalMessageData,
  renewPath,
} from '../core/term'
import type { ActionContext } from '../runtime/handler'
import { notify } from '../runtime/notifications'
import { grantId } from '../runtime/repos/notifications'
import { termJobs, terms } from '../runtime/repos/terms'
import { grantsLeft, sendSubscribed } from '../runtime/subscribe'
import { circlesOf, DEFAULT_SWEEP_LIMITS, type SweepLimits } from './sweep'
import { renewalTemplateId } from '../runtime/templates'

export const REMIND_JOB = 'termRemind'
const DAY_MS = 86_400_000

export interface RemindResult {
  pages: number
  scanned: number
  reminded: number
  messages: number
  done: boolean
}

export async function sendReminders(
  ctx: Pick<ActionContext, 'now'>,
  limits: SweepLimits = DEFAULT_SWEEP_LIMITS,
): Promise<RemindResult> {
  const started = Date.now()
  const state = await termJobs.get(REMIND_JOB)
  let cursor = state?.cursor ?? null
  const until = new Date(ctx.now.getTime() + MAX_REMINDER_DAYS * DAY_MS)
  const result: RemindResult = { pages: 0, scanned: 0, reminded: 0, messages: 0, done: false }
  while (result.pages < limits.maxPages && Date.now() - started < limits.budgetMs) {
    const rows = await terms.endingBetween(ctx.now, until, cursor, limits.page)
    if (rows.length === 0) {
      result.done = true
      break
    }
    result.pages += 1
    result.scanned += rows.length
    const byId = await circlesOf(rows.map((m) => m.circleId))
    const due: { m: MembershipRecord; daysBefore: number; keys: string[]; circleName: string }[] = []
    for (const m of rows) {
      const circle = byId.get(m.circleId)
      if (!circle) continue
      const reminder = dueReminder(m, settingsOf(circle).renewal.reminderDays, ctx.now)
      if (reminder) due.push({ m, ...reminder, circleName: circle.name })
    }
    if (due.length > 0) {
      const templateId = renewalTemplateId()
      await notify(
        due.map((d) => reminderNotice(d.m, d.circleName, d.daysBefore, ctx.now)),
        ctx.now,
      )
      await limits.afterNotify?.(due.map((d) => d.m._id))
      const left = await grantsLeft(due.map((d) => ({ openid: d.m.openid, templateId })))
      for (const d of due) {
        if ((left.get(grantId(d.m.openid, templateId)) ?? 0) > 0) {
          try {
            const outcome = await sendSubscribed(
              reminderNoticeId(d.m, d.daysBefore),
              {
                touser: d.m.openid,
                templateId,
                page: renewPath(d.m.circleId),
                data: renewalMessageData(d.circleName, d.m.expiresAt!, ctx.now),
              },
              ctx.now,
            )
            if (outcome === 'sent') result.messages += 1
          } catch (error) {
            // the in-app reminder went out; one member's message must not hold the whole run back
            console.error('[remind] subscription message failed', d.m._id, error)
          }
        }
        await terms.recordReminder(d.m, d.keys, ctx.now)
        result.reminded += 1
      }
    }
    const last = rows[rows.length - 1]
    cursor = { e: new Date(last.expiresAt!).getTime(), i: last._id }
    if (rows.length < limits.page) {
      result.done = true
      break
    }
    await termJobs.put({
      _id: REMIND_JOB,
      cursor,
      passes: state?.passes ?? 0,
      finishedAt: state?.finishedAt ?? null,
      updatedAt: ctx.now,
    })
  }
  await termJobs.put({
    _id: REMIND_JOB,
    cursor: result.done ? null : cursor,
    passes: (state?.passes ?? 0) + (result.done ? 1 : 0),
    finishedAt: result.done ? ctx.now : (state?.finishedAt ?? null),
    updatedAt: ctx.now,
  })
  return result
}
