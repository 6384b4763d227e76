/**
 * One-time subscription grants (一次性订阅消息授权). The app asks at natural moments (after paying,
 * on a member's circle page) and tells the server which templates were accepted (`notify.grant`):
 * each acceptance allows the server one message of that template, as WeChat counts it.
 *
 * weapp: wx.requestSubscribeMessage (it must run in a tap handler, WeChat's rule). H5 (the local
 * cloud) has no such API: a modal stands in for WeChat's sheet, and an acceptance reaches the
 * local cloud's WeChat stand-in the same way, through `notify.grant`.
 */
import Taro from '@tarojs/taro'
import { PAY_REMINDER_TEMPLATE_ID, RENEWAL_TEMPLATE_ID } from '@core/term'
import { call } from './cloud'

const IS_H5 = process.env.TARO_ENV === 'h5'
/** The real ids in a production build (QZ_TEMPLATE_* at build time, docs/configuration.md). */
const RENEWAL_TEMPLATE = process.env.QZ_TEMPLATE_RENEWAL || RENEWAL_TEMPLATE_ID
const PAY_REMINDER_TEMPLATE = process.env.QZ_TEMPLATE_PAY_REMINDER || PAY_REMINDER_TEMPLATE_ID

export type GrantOutcome = 'accepted' | 'rejected' | 'unavailable'

const WHAT: Record<string, string> = {
  [RENEWAL_TEMPLATE]: '会员到期提醒：在会员到期前提醒你续费',
  [PAY_REMINDER_TEMPLATE]: '入圈付款截止提醒：审核通过后，在付款期限结束前提醒你',
}

/** Asks for one renewal-reminder message (会员到期提醒). Never throws: a refusal is a normal answer. */
export function requestRenewalReminder(): Promise<GrantOutcome> {
  return requestGrant(RENEWAL_TEMPLATE)
}

/** Asks, when applying to an approval + paid circle, for one pay-window reminder (入圈付款截止提醒). */
export function requestPayReminder(): Promise<GrantOutcome> {
  return requestGrant(PAY_REMINDER_TEMPLATE)
}

async function requestGrant(templateId: string): Promise<GrantOutcome> {
  const accepted = await ask([templateId])
  if (accepted === null) return 'unavailable'
  if (accepted.length === 0) return 'rejected'
  try {
    await call('notify', 'grant', { accepted })
    return 'accepted'
  } catch {
    return 'unavailable'
  }
}

async function ask(templateIds: string[]): Promise<string[] | null> {
  if (IS_H5) {
    const res = await Taro.showModal({
      title: '「圈子」申请发送 1 条订阅消息',
      content: `${templateIds.map((id) => WHAT[id] ?? id).join('；')}（本地演示，代替微信的订阅授权弹窗）`,
      confirmText: '允许',
      cancelText: '取消',
      confirmColor: '#07C160',
    })
    return res.confirm ? templateIds : []
  }
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: templateIds } as never)) as unknown as Record<
      string,
      string
    >
    return templateIds.filter((id) => res[id] === 'accept')
  } catch {
    // older base library, or the user switched subscription messages off entirely
    return null
  }
}
