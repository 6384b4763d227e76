/**
 * Timer `remindPayment`: an approved applicant of an approval + paid circle must pay within the
 * pay window (settings.entry.payWindowHours, default 72 h). From 24 hours before it closes (half
 * the window when it is shorter) they are reminded once per application round: in-app, and by
 * subscription message where they gave a one-time grant for it (as the renewal reminders do).
 *
 * Once: the notice and the message carry ids derived from the round (a second run, or two runs
 * at once, write and send nothing new), and the round is recorded on the application
 * (`payRemindedRound`), so later runs pass over it. Pages of ≤ 1000 approved applications whose
 * window closes within the next 24 hours (index status_payBy), a bounded number per run, resuming
 * from a cursor in `jobs`.
 */
import {
  payPath,
  payReminderDue,
  payReminderId,
  payReminderMessageData,
  payReminderNotice,
  PAY_REMINDER_LEAD_HOURS,
  type ApplicationRecord,
} from '../core/entry'
import { membershipId, type MembershipRecord } from '../core/records'
import { getMany } from '../runtime/db'
import type { ActionContext } from '../runtime/handler'
import { jobs } from '../runtime/repos/operations'
import { notify } from '../runtime/notifications'
import { circles } from '../runtime/repos/circles'
import { applications } from '../runtime/repos/applications'
import { grantId } from '../runtime/repos/notifications'
import { grantsLeft, sendSubscribed } from '../runtime/subscribe'
import { payReminderTemplateId } from '../runtime/templates'

const JOB = 'remindPayment'
const PAGE = 1000
const PAGES_PER_RUN = 5
const HOUR_MS = 3_600_000

interface JobState {
  _id: string
  cursor: { p: number; i: string } | null
}

export interface PayReminderResult {
  pages: number
  scanned: number
  reminded: number
  messages: number
  done: boolean
}

export async function remindPayment(
  ctx: Pick<ActionContext, 'now'>,
  opts: { pageSize?: number; pages?: number } = {},
): Promise<PayReminderResult> {
  const pageSize = Math.min(opts.pageSize ?? PAGE, PAGE)
  const state = await jobs.get<JobState>(JOB)
  let cursor = state?.cursor ?? null
  const to = new Date(ctx.now.getTime() + PAY_REMINDER_LEAD_HOURS * HOUR_MS)
  const result: PayReminderResult = { pages: 0, scanned: 0, reminded: 0, messages: 0, done: false }
  while (result.pages < (opts.pages ?? PAGES_PER_RUN)) {
    const rows = await applications.payWindowClosing({ from: ctx.now, to, after: cursor, limit: pageSize })
    result.pages += 1
    result.scanned += rows.length
    await remindPage(rows, ctx.now, result)
    if (rows.length < pageSize) {
      result.done = true
      cursor = null
      break
    }
    const last = rows[rows.length - 1]
    cursor = { p: new Date(last.payBy!).getTime(), i: last._id }
  }
  await jobs.save(JOB, { cursor, updatedAt: ctx.now })
  return result
}

async function remindPage(rows: ApplicationRecord[], now: Date, result: PayReminderResult): Promise<void> {
  const unreminded = rows.filter((a) => a.payRemindedRound !== a.round)
  if (unreminded.length === 0) return
  // Whoever already paid holds a membership: nothing to remind.
  const held = new Map(
    (
      await getMany<MembershipRecord>(
        'memberships',
        unreminded.map((a) => membershipId(a.circleId, a.openid)),
      )
    ).map((m) => [m._id, m]),
  )
  const due = unreminded.filter((a) => {
    const m = held.get(membershipId(a.circleId, a.openid))
    return payReminderDue(a, !!m && (m.status === 'active' || m.status === 'expired'), now)
  })
  if (due.length === 0) return
  const names = new Map((await circles.getMany([...new Set(due.map((a) => a.circleId))])).map((c) => [c._id, c.name]))
  const items = due.filter((a) => names.has(a.circleId))
  await notify(
    items.map((a) => payReminderNotice(a, names.get(a.circleId)!)),
    now,
  )
  const templateId = payReminderTemplateId()
  const left = await grantsLeft(items.map((a) => ({ openid: a.openid, templateId })))
  for (const a of items) {
    if ((left.get(grantId(a.openid, templateId)) ?? 0) > 0) {
      try {
        const outcome = await sendSubscribed(
          payReminderId(a),
          {
            touser: a.openid,
            templateId,
            page: payPath(a.circleId),
            data: payReminderMessageData(names.get(a.circleId)!, a.payBy!),
          },
          now,
        )
        if (outcome === 'sent') result.messages += 1
      } catch (error) {
        // the in-app reminder went out; one person's message must not hold the whole run back
        console.error('[remindPayment] subscription message failed', a._id, error)
      }
    }
    await applications.markPayReminded(a, now)
    result.reminded += 1
  }
}
