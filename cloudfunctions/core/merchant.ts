/**
 * An owner's 二级商户 (sub-merchant) under 平台收付通 (docs/payments.md "Onboarding"): the 进件
 * (applyment) they submit from the app, its states at WeChat Pay and the next step of each, and
 * whether their circles may sell. Pure: no I/O, the clock comes in as an argument.
 *
 * Only masked forms of identity and bank details are ever stored (the last four digits, the
 * name's first character): the plain values travel once, RSA-OAEP encrypted, to WeChat Pay.
 */
import { DomainError } from './errors'

/** 主体: 小微 (a person, no licence), 个体户 (individual business), 企业 (company). */
export type SubjectType = 'micro' | 'individual' | 'enterprise'
/** WeChat's organization_type of each subject. */
export const ORGANIZATION_TYPE: Record<SubjectType, string> = { micro: '2401', individual: '4', enterprise: '2' }

/** Our reading of WeChat's applyment_state. */
export type MerchantState =
  'submitting' | 'checking' | 'account_need_verify' | 'need_sign' | 'finish' | 'rejected' | 'frozen' | 'canceled'

export function stateOfApplyment(applymentState: string): MerchantState {
  switch (applymentState) {
    case 'CHECKING':
    case 'AUDITING':
      return 'checking'
    case 'ACCOUNT_NEED_VERIFY':
      return 'account_need_verify'
    case 'NEED_SIGN':
      return 'need_sign'
    case 'FINISH':
      return 'finish'
    case 'REJECTED':
      return 'rejected'
    case 'FROZEN':
      return 'frozen'
    case 'CANCELED':
      return 'canceled'
    default:
      return 'checking'
  }
}

/** Each state's label and the owner's next step (the app shows both; the component test checks them). */
export const MERCHANT_STEPS: Record<MerchantState, { label: string; next: string }> = {
  submitting: { label: '提交中', next: '资料正在提交给微信支付，请稍候刷新' },
  checking: { label: '审核中', next: '微信支付正在审核你的资料，通常 1–2 个工作日，无需操作' },
  account_need_verify: { label: '待账户验证', next: '请按下方信息，用结算银行卡向微信支付汇入验证金额' },
  need_sign: { label: '待签约', next: '请用超级管理员的微信扫描二维码，完成签约' },
  finish: { label: '已完成', next: '收款已开通，圈子可以收费了' },
  rejected: { label: '已驳回', next: '请按驳回原因修改资料后重新提交' },
  frozen: { label: '已冻结', next: '商户号已被冻结，请联系微信支付客服' },
  canceled: { label: '已作废', next: '申请已作废，请重新提交' },
}

export interface MerchantMasked {
  /** 经营者/法人姓名, first character then * */
  name: string
  idNumber: string
  bankAccount: string
  bankName: string
  mobile: string
}

/** _id = the owner's openid: one sub-merchant per owner, receiving all their circles' sales. */
export interface MerchantRecord {
  _id: string
  subjectType: SubjectType
  merchantShortname: string
  /** 业务申请编号: ours, deterministic per submission (openid hash + attempt). */
  outRequestNo: string
  attempt: number
  applymentId: string | null
  state: MerchantState
  stateDesc: string
  signUrl: string | null
  subMchid: string | null
  accountValidation: Record<string, unknown> | null
  rejectReasons: { field: string; reason: string }[]
  masked: MerchantMasked
  createdAt: Date
  updatedAt: Date
  /** When WeChat was last asked (the refresh timer pages by it). */
  checkedAt: Date
}

export const canSell = (m: Pick<MerchantRecord, 'state' | 'subMchid'> | null | undefined): boolean =>
  !!m && m.state === 'finish' && !!m.subMchid

/** States that still move at WeChat (the refresh timer asks about them). */
export const OPEN_MERCHANT_STATES: readonly MerchantState[] = [
  'submitting',
  'checking',
  'account_need_verify',
  'need_sign',
]

/** A resubmission is allowed only when the last one is rejected or void. */
export function mayResubmit(m: Pick<MerchantRecord, 'state'> | null): boolean {
  return !m || m.state === 'rejected' || m.state === 'canceled'
}

// ---------- the 进件 form ----------

export interface ApplymentForm {
  subjectType: SubjectType
  merchantShortname: string
  /** 个体户 / 企业: licence photo (media id), number, registered name; 小微: absent. */
  license?: { mediaId: string; number: string; merchantName: string }
  idCard: {
    portraitMediaId: string
    nationalMediaId: string
    name: string
    number: string
    validFrom: string
    validTo: string
  }
  bank: {
    accountType: 'personal' | 'corporate'
    bankName: string
    bankAddressCode: string
    accountNumber: string
    accountName: string
  }
  contact: { mobile: string; email?: string }
  storeName: string
}

const ID_NUMBER = /^\d{17}[\dXx]$/
const CARD = /^\d{12,30}$/
const MOBILE = /^1\d{10}$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Checks the form (clear field errors), beyond the contract's shapes. */
export function checkApplymentForm(form: ApplymentForm): void {
  const bad = (param: string) => new DomainError('invalid_argument', undefined, param)
  if (!ID_NUMBER.test(form.idCard.number)) throw bad('idCard.number')
  if (!DATE.test(form.idCard.validFrom)) throw bad('idCard.validFrom')
  if (form.idCard.validTo !== '长期' && !DATE.test(form.idCard.validTo)) throw bad('idCard.validTo')
  if (!CARD.test(form.bank.accountNumber)) throw bad('bank.accountNumber')
  if (!MOBILE.test(form.contact.mobile)) throw bad('contact.mobile')
  if (form.subjectType === 'micro') {
    if (form.license) throw bad('license')
    // 小微 settles to the person's own card, in their own name.
    if (form.bank.accountType !== 'personal') throw bad('bank.accountType')
    if (form.bank.accountName !== form.idCard.name) throw bad('bank.accountName')
  } else if (!form.license) throw bad('license')
  if (form.subjectType === 'enterprise' && form.bank.accountType !== 'corporate') throw bad('bank.accountType')
}

const last4 = (s: string) => s.slice(-4)

export function maskForm(form: ApplymentForm): MerchantMasked {
  return {
    name: `${[...form.idCard.name][0] ?? ''}${'*'.repeat(Math.max(1, [...form.idCard.name].length - 1))}`,
    idNumber: `${form.idCard.number.slice(0, 1)}${'*'.repeat(13)}${last4(form.idCard.number)}`,
    bankAccount: `**** **** **** ${last4(form.bank.accountNumber)}`,
    bankName: form.bank.bankName,
    mobile: `${form.contact.mobile.slice(0, 3)}****${last4(form.contact.mobile)}`,
  }
}

/**
 * The body of POST /v3/ecommerce/applyments/. `encrypt` is RSA-OAEP with the WeChat Pay public key:
 * every sensitive field (names, ID and card numbers, phone) is sent encrypted, never in plain text.
 */
export function applymentBody(
  form: ApplymentForm,
  args: { outRequestNo: string; appid: string; encrypt: (s: string) => string },
): Record<string, unknown> {
  const { encrypt } = args
  const body: Record<string, unknown> = {
    out_request_no: args.outRequestNo,
    organization_type: ORGANIZATION_TYPE[form.subjectType],
    id_doc_type: 'IDENTIFICATION_TYPE_IDCARD',
    id_card_info: {
      id_card_copy: form.idCard.portraitMediaId,
      id_card_national: form.idCard.nationalMediaId,
      id_card_name: encrypt(form.idCard.name),
      id_card_number: encrypt(form.idCard.number),
      id_card_valid_time_begin: form.idCard.validFrom,
      id_card_valid_time: form.idCard.validTo,
    },
    need_account_info: true,
    account_info: {
      bank_account_type: form.bank.accountType === 'corporate' ? '74' : '75',
      account_bank: form.bank.bankName,
      account_name: encrypt(form.bank.accountName),
      bank_address_code: form.bank.bankAddressCode,
      account_number: encrypt(form.bank.accountNumber),
    },
    contact_info: {
      contact_type: '65',
      contact_name: encrypt(form.idCard.name),
      contact_id_card_number: encrypt(form.idCard.number),
      mobile_phone: encrypt(form.contact.mobile),
      ...(form.contact.email ? { contact_email: encrypt(form.contact.email) } : {}),
    },
    sales_scene_info: { store_name: form.storeName, mini_program_sub_appid: args.appid },
    merchant_shortname: form.merchantShortname,
  }
  if (form.license) {
    body.business_license_info = {
      business_license_copy: form.license.mediaId,
      business_license_number: form.license.number,
      merchant_name: form.license.merchantName,
      legal_person: form.idCard.name,
    }
  }
  return body
}
