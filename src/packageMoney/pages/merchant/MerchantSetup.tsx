/**
 * 收款账户: the owner's 二级商户 under 平台收付通. With no application: the 进件 form (主体, identity,
 * settlement card, photos). After it: the state WeChat Pay reports and the owner's next step —
 * 审核中, 待账户验证 (where to send the check remittance), 待签约 (the sign link as a QR code for the
 * super admin to scan), 已完成 (the balance at WeChat Pay), 驳回 (the reasons, and the form again).
 */
import { useState } from 'react'
import { Button, Image, Input, Text, View } from '@tarojs/components'
import type { MerchantView } from '@core/contracts/merchant'
import type { SubjectType } from '@core/merchant'
import type { ApiError } from '@/services/cloud'
import { toApiError } from '@/services/cloud'
import type { ApplyMerchantInput } from '../../merchantStore'
import { useSubmit } from '@/hooks/useSubmit'
import { formatFen } from '../../money'
import '../../components/money.scss'

const SUBJECTS: { value: SubjectType; label: string; hint: string }[] = [
  { value: 'micro', label: '小微商户', hint: '个人经营，无营业执照，收入结算到本人银行卡' },
  { value: 'individual', label: '个体工商户', hint: '有个体工商户营业执照' },
  { value: 'enterprise', label: '企业', hint: '有企业营业执照，结算到对公账户' },
]

const STEP_CLASS: Record<string, string> = {
  finish: 'merchant-step--done',
  rejected: 'merchant-step--bad',
  frozen: 'merchant-step--bad',
  canceled: 'merchant-step--bad',
}

/** The state, its next step, and what the owner needs for it. */
export function MerchantStatus({
  view,
  onRefresh,
  onReapply,
}: {
  view: MerchantView
  onRefresh: () => void
  onReapply: () => void
}) {
  return (
    <View data-testid="merchant-status">
      <View className={`cells merchant-step ${STEP_CLASS[view.state ?? ''] ?? ''}`}>
        <View className="cell">
          <Text className="cell__label">当前状态</Text>
          <Text className="cell__body" data-testid="merchant-label">
            {view.label}
          </Text>
        </View>
        <View className="cell">
          <Text className="muted" data-testid="merchant-next">
            {view.next}
          </Text>
        </View>
      </View>
      {view.state === 'account_need_verify' && view.accountValidation ? (
        <View className="cells" data-testid="merchant-verify">
          <View className="cells__title">汇款验证信息（请用结算银行卡汇款）</View>
          <View className="cell">
            <Text className="cell__label">汇款金额</Text>
            <Text className="cell__body">{formatFen(Number(view.accountValidation.payAmount ?? 0))} 元</Text>
          </View>
          <View className="cell">
            <Text className="cell__label">收款户名</Text>
            <Text className="cell__body">{String(view.accountValidation.destinationAccountName ?? '')}</Text>
          </View>
          <View className="cell">
            <Text className="cell__label">收款卡号</Text>
            <Text className="cell__body">{String(view.accountValidation.destinationAccountNumber ?? '')}</Text>
          </View>
          <View className="cell">
            <Text className="cell__label">开户银行</Text>
            <Text className="cell__body">{String(view.accountValidation.destinationAccountBank ?? '')}</Text>
          </View>
          <View className="cell">
            <Text className="cell__label">截止时间</Text>
            <Text className="cell__body">{String(view.accountValidation.deadline ?? '')}</Text>
          </View>
        </View>
      ) : null}
      {view.state === 'need_sign' && view.signQr ? (
        <View className="cells merchant-sign" data-testid="merchant-sign">
          <View className="cells__title">超级管理员用微信扫码签约</View>
          <Image className="merchant-sign__qr" src={view.signQr} mode="aspectFit" data-testid="merchant-sign-qr" />
        </View>
      ) : null}
      {view.state === 'rejected' ? (
        <View className="cells" data-testid="merchant-reasons">
          <View className="cells__title">驳回原因</View>
          {view.rejectReasons.map((r) => (
            <View className="cell" key={`${r.field}:${r.reason}`}>
              <Text className="cell__body">{r.reason}</Text>
            </View>
          ))}
          <View className="cell">
            <Button className="btn btn--primary" onClick={onReapply} data-testid="merchant-reapply">
              修改资料，重新提交
            </Button>
          </View>
        </View>
      ) : null}
      {view.state === 'finish' && view.balance ? (
        <View className="cells" data-testid="merchant-balance">
          <View className="cells__title">微信支付商户号 {view.subMchid}</View>
          <View className="cell">
            <Text className="cell__label">待结算</Text>
            <Text className="cell__body money-amount">{formatFen(view.balance.pendingFen)} 元</Text>
          </View>
          <View className="cell">
            <Text className="cell__label">可提现</Text>
            <Text className="cell__body money-amount">{formatFen(view.balance.availableFen)} 元</Text>
          </View>
        </View>
      ) : null}
      {view.masked ? (
        <View className="cells">
          <View className="cells__title">已提交的资料（已脱敏）</View>
          <View className="cell">
            <Text className="cell__label">姓名</Text>
            <Text className="cell__body">{view.masked.name}</Text>
          </View>
          <View className="cell">
            <Text className="cell__label">结算账户</Text>
            <Text className="cell__body" data-testid="merchant-bank">
              {view.masked.bankName} {view.masked.bankAccount}
            </Text>
          </View>
        </View>
      ) : null}
      {view.state && view.state !== 'finish' && view.state !== 'rejected' ? (
        <View className="footer-actions">
          <Button className="btn btn--default" onClick={onRefresh} data-testid="merchant-refresh">
            刷新状态
          </Button>
        </View>
      ) : null}
    </View>
  )
}

function Field({
  label,
  value,
  onInput,
  testId,
  type = 'text',
  placeholder,
}: {
  label: string
  value: string
  onInput: (v: string) => void
  testId: string
  type?: 'text' | 'number' | 'idcard'
  placeholder?: string
}) {
  return (
    <View className="form-row">
      <Text className="form-row__label">
        {label}
        <Text className="form-row__required">*</Text>
      </Text>
      <Input
        className="form-row__input"
        type={type}
        value={value}
        placeholder={placeholder}
        onInput={(e) => onInput(e.detail.value)}
        data-testid={testId}
      />
    </View>
  )
}

export interface PhotoPicker {
  /** Lets the owner choose a photo; answers WeChat Pay's media_id for it (null: cancelled). */
  (what: string): Promise<string | null>
}

/** The 进件 form. Sensitive fields leave the phone only to our server, which encrypts them for WeChat Pay. */
export function ApplymentForm({
  onSubmit,
  pickPhoto,
}: {
  onSubmit: (input: ApplyMerchantInput) => Promise<void>
  pickPhoto: PhotoPicker
}) {
  const [subject, setSubject] = useState<SubjectType>('micro')
  const [v, setV] = useState({
    shortname: '',
    name: '',
    idNumber: '',
    validFrom: '',
    validTo: '长期',
    bankName: '',
    bankCode: '',
    account: '',
    accountName: '',
    mobile: '',
    licenseNo: '',
    licenseName: '',
  })
  const [photos, setPhotos] = useState<{ portrait?: string; national?: string; license?: string }>({})
  const [error, setError] = useState<ApiError | string | null>(null)
  const set = (k: keyof typeof v) => (value: string) => setV((x) => ({ ...x, [k]: value }))

  const choose = async (key: 'portrait' | 'national' | 'license', what: string) => {
    try {
      const mediaId = await pickPhoto(what)
      if (mediaId) setPhotos((p) => ({ ...p, [key]: mediaId }))
    } catch (e) {
      setError(toApiError(e))
    }
  }

  const submitAction = useSubmit(
    async () => {
      if (busy) return
      if (!photos.portrait || !photos.national || (subject !== 'micro' && !photos.license)) {
        setError('请上传身份证正反面照片' + (subject !== 'micro' ? '和营业执照' : ''))
        return
      }
      setError(null)
      await onSubmit({
        subjectType: subject,
        merchantShortname: v.shortname.trim(),
        ...(subject !== 'micro'
          ? { license: { mediaId: photos.license!, number: v.licenseNo.trim(), merchantName: v.licenseName.trim() } }
          : {}),
        idCard: {
          portraitMediaId: photos.portrait,
          nationalMediaId: photos.national,
          name: v.name.trim(),
          number: v.idNumber.trim().toUpperCase(),
          validFrom: v.validFrom.trim(),
          validTo: v.validTo.trim(),
        },
        bank: {
          accountType: subject === 'enterprise' ? 'corporate' : 'personal',
          bankName: v.bankName.trim(),
          bankAddressCode: v.bankCode.trim(),
          accountNumber: v.account.replace(/\s/g, ''),
          accountName: (subject === 'micro' ? v.name : v.accountName).trim(),
        },
        contact: { mobile: v.mobile.trim() },
        storeName: v.shortname.trim(),
      })
    },
    { onError: setError },
  )
  const submit = submitAction.run
  const busy = submitAction.busy

  return (
    <View data-testid="merchant-form">
      <View className="cells__title">主体类型</View>
      <View className="cells">
        <View className="chips merchant-subjects">
          {SUBJECTS.map((s) => (
            <Text
              key={s.value}
              className={`chip ${subject === s.value ? 'chip--on' : ''}`}
              onClick={() => setSubject(s.value)}
              data-testid={`subject-${s.value}`}
            >
              {s.label}
            </Text>
          ))}
        </View>
        <Text className="muted merchant-hint">{SUBJECTS.find((s) => s.value === subject)!.hint}</Text>
      </View>
      <View className="cells__title">经营信息</View>
      <Field
        label="商户简称"
        value={v.shortname}
        onInput={set('shortname')}
        testId="f-shortname"
        placeholder="付款时买家看到的名称"
      />
      {subject !== 'micro' ? (
        <View>
          <Field label="执照注册号" value={v.licenseNo} onInput={set('licenseNo')} testId="f-license-no" />
          <Field label="执照名称" value={v.licenseName} onInput={set('licenseName')} testId="f-license-name" />
          <View className="form-row" onClick={() => void choose('license', '营业执照')} data-testid="f-license-photo">
            <Text className="form-row__label">营业执照</Text>
            <Text className="form-row__value">{photos.license ? '已上传' : '上传照片'}</Text>
          </View>
        </View>
      ) : null}
      <View className="cells__title">{subject === 'micro' ? '经营者身份证' : '法定代表人身份证'}</View>
      <Field label="姓名" value={v.name} onInput={set('name')} testId="f-name" />
      <Field label="身份证号" value={v.idNumber} onInput={set('idNumber')} testId="f-id" type="idcard" />
      <Field
        label="有效期开始"
        value={v.validFrom}
        onInput={set('validFrom')}
        testId="f-valid-from"
        placeholder="2020-01-01"
      />
      <Field
        label="有效期结束"
        value={v.validTo}
        onInput={set('validTo')}
        testId="f-valid-to"
        placeholder="2040-01-01 或 长期"
      />
      <View className="form-row" onClick={() => void choose('portrait', '身份证人像面')} data-testid="f-portrait">
        <Text className="form-row__label">人像面</Text>
        <Text className="form-row__value">{photos.portrait ? '已上传' : '上传照片'}</Text>
      </View>
      <View className="form-row" onClick={() => void choose('national', '身份证国徽面')} data-testid="f-national">
        <Text className="form-row__label">国徽面</Text>
        <Text className="form-row__value">{photos.national ? '已上传' : '上传照片'}</Text>
      </View>
      <View className="cells__title">结算银行卡（{subject === 'enterprise' ? '对公账户' : '本人银行卡'}）</View>
      {subject !== 'micro' ? (
        <Field label="开户名称" value={v.accountName} onInput={set('accountName')} testId="f-account-name" />
      ) : null}
      <Field label="开户银行" value={v.bankName} onInput={set('bankName')} testId="f-bank" placeholder="如 招商银行" />
      <Field
        label="省市编码"
        value={v.bankCode}
        onInput={set('bankCode')}
        testId="f-bank-code"
        type="number"
        placeholder="6 位，如 110000"
      />
      <Field label="银行卡号" value={v.account} onInput={set('account')} testId="f-account" placeholder="可带空格" />
      <View className="cells__title">联系方式</View>
      <Field label="手机号" value={v.mobile} onInput={set('mobile')} testId="f-mobile" type="number" />
      <View className="money-rules">
        <Text className="money-rules__item">
          · 身份证号、银行卡号和手机号加密后直接提交给微信支付，本平台只保存脱敏后的信息
        </Text>
        <Text className="money-rules__item">
          · 开通后，买家付款直接进入你自己的微信支付商户号，平台按规则分账收取服务费
        </Text>
      </View>
      {error ? (
        <Text className="money-error" data-testid="merchant-error">
          {typeof error === 'string' ? error : error.message}
        </Text>
      ) : null}
      <View className="footer-actions">
        <Button className="btn btn--primary" loading={busy} onClick={() => void submit()} data-testid="merchant-submit">
          提交给微信支付审核
        </Button>
      </View>
    </View>
  )
}
