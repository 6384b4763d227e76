/**
 * 平台收付通 (WeChat Pay's ecommerce product for platforms hosting many sellers): the calls the
 * `platform` settlement mode makes besides the partner JSAPI (wxpay.ts): ecommerce 分账, 完结,
 * 回退, the sub-merchant's balance and withdrawal, and onboarding (进件, media upload). Same client,
 * same signing and verification as every other v3 call; paths and fields follow WeChat Pay's v3
 * reference for 电商收付通.
 */
import { createHash, type KeyObject } from 'crypto'
import Multipart from 'wechatpay-axios-plugin/lib/multipart'
import Rsa from 'wechatpay-axios-plugin/lib/rsa'
import type { WxpayConfig } from './config'
import type {
  ApplymentStatus,
  EcommercePort,
  EcommerceReturnResult,
  EcommerceSharingResult,
  EcommerceWithdrawResult,
  WxpayCall,
} from './types'

const toSharing = (d: any): EcommerceSharingResult => ({
  subMchid: d.sub_mchid,
  transactionId: d.transaction_id,
  outOrderNo: d.out_order_no,
  orderId: d.order_id,
  status: d.status ?? 'PROCESSING',
  receivers: (d.receivers ?? []).map((r: any) => ({
    type: r.type,
    account: r.receiver_account,
    amountFen: r.amount,
    result: r.result,
    failReason: r.fail_reason || undefined,
  })),
})

const toReturn = (d: any): EcommerceReturnResult => ({
  outReturnNo: d.out_return_no,
  returnNo: d.return_no,
  amountFen: d.amount,
  result: d.result,
  failReason: d.fail_reason || undefined,
})

const toWithdraw = (d: any, fallback: { subMchid: string; outRequestNo: string }): EcommerceWithdrawResult => ({
  subMchid: d.sub_mchid ?? fallback.subMchid,
  outRequestNo: d.out_request_no ?? fallback.outRequestNo,
  withdrawId: d.withdraw_id,
  // The create answer carries no status: the withdrawal is accepted and in progress.
  status: d.status ?? 'CREATE_SUCCESS',
  amountFen: d.amount,
  reason: d.reason || undefined,
  accountNumber: d.account_number || undefined,
  accountBank: d.account_bank || undefined,
})

const toApplyment = (d: any): ApplymentStatus => ({
  outRequestNo: d.out_request_no,
  applymentId: String(d.applyment_id),
  state: d.applyment_state,
  stateDesc: d.applyment_state_desc ?? '',
  signUrl: d.sign_url || undefined,
  subMchid: d.sub_mchid || undefined,
  accountValidation: d.account_validation
    ? {
        accountName: d.account_validation.account_name,
        accountNo: d.account_validation.account_no,
        payAmount: d.account_validation.pay_amount,
        destinationAccountNumber: d.account_validation.destination_account_number,
        destinationAccountName: d.account_validation.destination_account_name,
        destinationAccountBank: d.account_validation.destination_account_bank,
        deadline: d.account_validation.deadline,
      }
    : undefined,
  auditDetail: (d.audit_detail ?? []).map((a: any) => ({ paramName: a.param_name, rejectReason: a.reject_reason })),
  legalValidationUrl: d.legal_validation_url || undefined,
})

export function createEcommercePort(deps: {
  call: WxpayCall
  config: WxpayConfig
  wechatpayKey: KeyObject
}): EcommercePort {
  const { call, config, wechatpayKey } = deps
  return {
    spMchid: config.mchid,

    async addReceiver(input) {
      await call('post', 'v3/ecommerce/profitsharing/receivers/add', {
        appid: config.appid,
        type: input.type,
        account: input.account,
        relation_type: input.relationType,
      })
    },

    async ecommerceSharing(input) {
      return toSharing(
        await call('post', 'v3/ecommerce/profitsharing/orders', {
          appid: config.appid,
          sub_mchid: input.subMchid,
          transaction_id: input.transactionId,
          out_order_no: input.outOrderNo,
          receivers: input.receivers.map((r) => ({
            type: r.type,
            receiver_account: r.account,
            amount: r.amountFen,
            description: r.description,
          })),
          finish: input.finish,
        }),
      )
    },

    async ecommerceFinish(input) {
      const d = await call('post', 'v3/ecommerce/profitsharing/finish-order', {
        sub_mchid: input.subMchid,
        transaction_id: input.transactionId,
        out_order_no: input.outOrderNo,
        description: input.description,
      })
      return { orderId: d.order_id }
    },

    async ecommerceReturn(input) {
      return toReturn(
        await call('post', 'v3/ecommerce/profitsharing/returnorders', {
          sub_mchid: input.subMchid,
          out_order_no: input.outOrderNo,
          out_return_no: input.outReturnNo,
          return_mchid: input.returnMchid,
          amount: input.amountFen,
          description: input.description,
        }),
      )
    },

    async queryEcommerceReturn(input) {
      return toReturn(
        await call('get', 'v3/ecommerce/profitsharing/returnorders', undefined, {
          params: { sub_mchid: input.subMchid, out_order_no: input.outOrderNo, out_return_no: input.outReturnNo },
        }),
      )
    },

    async subMerchantBalance(subMchid) {
      const d = await call('get', 'v3/ecommerce/fund/balance/{sub_mchid}', undefined, {
        sub_mchid: subMchid,
        params: { account_type: 'BASIC' },
      })
      return { subMchid: d.sub_mchid, availableFen: d.available_amount, pendingFen: d.pending_amount ?? 0 }
    },

    async ecommerceWithdraw(input) {
      const d = await call('post', 'v3/ecommerce/fund/withdraw', {
        sub_mchid: input.subMchid,
        out_request_no: input.outRequestNo,
        amount: input.amountFen,
        remark: input.remark.slice(0, 56),
        bank_memo: '圈子收入',
        account_type: 'BASIC',
      })
      return toWithdraw(d, input)
    },

    async queryEcommerceWithdraw(input) {
      return toWithdraw(
        await call('get', 'v3/ecommerce/fund/withdraw/out-request-no/{out_request_no}', undefined, {
          out_request_no: input.outRequestNo,
          params: { sub_mchid: input.subMchid },
        }),
        input,
      )
    },

    async submitApplyment(body) {
      const d = await call('post', 'v3/ecommerce/applyments/', body)
      return { applymentId: String(d.applyment_id), outRequestNo: d.out_request_no }
    },

    async queryApplyment(outRequestNo) {
      return toApplyment(
        await call('get', 'v3/ecommerce/applyments/out-request-no/{out_request_no}', undefined, {
          out_request_no: outRequestNo,
        }),
      )
    },

    async uploadMedia(input) {
      const meta = { filename: input.filename, sha256: createHash('sha256').update(input.content).digest('hex') }
      const form = new Multipart()
      form.append('meta', JSON.stringify(meta))
      form.append('file', input.content, input.filename)
      // The request is signed over the meta JSON, not the multipart body.
      const d = await call('post', 'v3/merchant/media/upload', form.getBuffer(), { meta, headers: form.getHeaders() })
      return { mediaId: d.media_id }
    },

    encryptSensitive(plaintext) {
      return Rsa.encrypt(plaintext, wechatpayKey)
    },
  }
}
