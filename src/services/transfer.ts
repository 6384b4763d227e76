/**
 * 商家转账, the user's side: WeChat shows its own page where the payee accepts the money
 * (wx.requestMerchantTransfer, base library ≥ 3.3.0, callbacks only, no Promise style). Its
 * success means only that the page was shown and left, never that money arrived: the server asks
 * WeChat afterwards (wallet.refreshWithdrawal).
 */
import type { WithdrawalView } from '@core/contract'

export type TransferOutcome = 'confirmed' | 'cancelled' | 'unsupported' | 'failed'

interface MerchantTransferOptions {
  mchId: string
  appId: string
  package: string
  success?: (res: { errMsg?: string }) => void
  fail?: (res: { errMsg?: string }) => void
}

declare const wx: { requestMerchantTransfer?: (opts: MerchantTransferOptions) => void } | undefined

/** Whether this WeChat can show the confirmation (old base libraries and the devtools may not). */
export function canRequestMerchantTransfer(): boolean {
  return typeof wx !== 'undefined' && !!wx && typeof wx.requestMerchantTransfer === 'function'
}

/** Opens WeChat's confirm-receipt page for a withdrawal waiting for the user (weapp only). */
export function requestMerchantTransfer(
  confirm: NonNullable<WithdrawalView['confirm']>,
): Promise<{ outcome: TransferOutcome; errMsg: string }> {
  if (!canRequestMerchantTransfer()) return Promise.resolve({ outcome: 'unsupported', errMsg: '' })
  return new Promise((resolve) => {
    wx!.requestMerchantTransfer!({
      mchId: confirm.mchId,
      appId: confirm.appId,
      package: confirm.packageInfo,
      success: (res) => resolve({ outcome: 'confirmed', errMsg: res?.errMsg ?? '' }),
      fail: (res) => {
        const errMsg = res?.errMsg ?? ''
        resolve({ outcome: /cancel/i.test(errMsg) ? 'cancelled' : 'failed', errMsg })
      },
    })
  })
}
