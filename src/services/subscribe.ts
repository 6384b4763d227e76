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
import { RENEWAL_TEMPLATE_ID } from '@core/term'
import { call } from './cloud'

const IS_H5 = process.env.TARO_ENV === 'h5'
/** The real id in a production build (QZ_TEMPLATE_RENEWAL at build time, docs/configuration.md). */
const RENEWAL_TEMPLATE = process.env.QZ_TEMPLATE_RENEWAL || RENEWAL_TEMPLATE_ID

export type GrantOutcome = 'accepted' | 'rejected' | 'unavailable'

/** Asks for one renewal-reminder message (会员到期提醒). Never throws: a refusal is a normal answer. */
export async function requestRenewalReminder(): Promise<GrantOutcome> {
  const accepted = await ask([RENEWAL_TEMPLATE])
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
      content: '会员到期提醒：在会员到期前提醒你续费（本地演示，代替微信的订阅授权弹窗）',
      confirmText: '允许',
      cancelText: '取消',
      confirmColor: '#07C160',
    })
    return res.confirm ? templateIds : []
  }
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: templateIds } as never)) as unknown as Record<string, string>
    return templateIds.filter((id) => res[id] === 'accept')
  } catch {
    // older base library, or the user switched subscription messages off entirely
    return null
  }
}
