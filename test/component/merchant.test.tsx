import { act } from 'react'
import type { MerchantView } from '@core/contracts/merchant'
import { MERCHANT_STEPS, type MerchantState } from '@core/merchant'
import { ApplymentForm, MerchantStatus } from '@/packageMoney/pages/merchant/MerchantSetup'
import { byTestId, mount } from './support/mount'

function makeView(state: MerchantState, over: Partial<MerchantView> = {}): MerchantView {
  return {
    mode: 'platform',
    state,
    ...MERCHANT_STEPS[state],
    subjectType: 'micro',
    merchantShortname: '老张摄影',
    subMchid: state === 'finish' ? '1600000001' : null,
    signUrl: null,
    signQr: null,
    accountValidation: null,
    rejectReasons: [],
    masked: {
      name: '张*',
      idNumber: '1*************002X',
      bankAccount: '**** **** **** 5678',
      bankName: '招商银行',
      mobile: '138****8000',
    },
    balance: null,
    ...over,
  }
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  })
}

async function tap(el: Element) {
  await act(async () => {
    ;(el as HTMLElement).click()
  })
  await settle()
}

async function type(testId: string, value: string) {
  const input = byTestId(testId)[0].querySelector('input') as HTMLInputElement
  await act(async () => {
    input.value = value
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

const text = (testId: string) => byTestId(testId)[0]?.textContent ?? ''
const noop = () => undefined

describe('收款账户: each application state shows its step', () => {
  it('审核中: says there is nothing to do but wait, and offers a refresh', async () => {
    await mount(() => <MerchantStatus view={makeView('checking')} onRefresh={noop} onReapply={noop} />)
    expect(text('merchant-label')).toBe('审核中')
    expect(text('merchant-next')).toContain('无需操作')
    expect(byTestId('merchant-refresh')).toHaveLength(1)
    expect(text('merchant-bank')).toBe('招商银行 **** **** **** 5678')
  })

  it('待账户验证: shows where to send the check remittance and how much', async () => {
    const view = makeView('account_need_verify', {
      accountValidation: {
        payAmount: 1,
        destinationAccountName: '财付通支付科技有限公司',
        destinationAccountNumber: '7222223333322332',
        destinationAccountBank: '招商银行威盛大厦支行',
        deadline: '2026-12-17',
      },
    })
    await mount(() => <MerchantStatus view={view} onRefresh={noop} onReapply={noop} />)
    expect(text('merchant-label')).toBe('待账户验证')
    expect(text('merchant-verify')).toContain('0.01 元')
    expect(text('merchant-verify')).toContain('7222223333322332')
  })

  it('待签约: shows the sign link as a QR code for the super admin', async () => {
    await mount(() => (
      <MerchantStatus
        view={makeView('need_sign', { signUrl: 'https://pay.weixin.qq.com/s', signQr: 'data:image/png;base64,AAAA' })}
        onRefresh={noop}
        onReapply={noop}
      />
    ))
    expect(text('merchant-label')).toBe('待签约')
    expect(text('merchant-next')).toContain('扫描二维码')
    expect(byTestId('merchant-sign-qr')[0].getAttribute('src')).toBe('data:image/png;base64,AAAA')
  })

  it('已完成: shows the balance at WeChat Pay and no refresh', async () => {
    await mount(() => (
      <MerchantStatus
        view={makeView('finish', { balance: { pendingFen: 9940, availableFen: 12_345 } })}
        onRefresh={noop}
        onReapply={noop}
      />
    ))
    expect(text('merchant-label')).toBe('已完成')
    expect(text('merchant-balance')).toContain('99.40')
    expect(text('merchant-balance')).toContain('123.45')
    expect(byTestId('merchant-refresh')).toHaveLength(0)
  })

  it('驳回: shows each reason and lets the owner correct the form', async () => {
    const onReapply = jest.fn()
    await mount(() => (
      <MerchantStatus
        view={makeView('rejected', { rejectReasons: [{ field: 'id_card_copy', reason: '身份证照片不清晰' }] })}
        onRefresh={noop}
        onReapply={onReapply}
      />
    ))
    expect(text('merchant-label')).toBe('已驳回')
    expect(text('merchant-reasons')).toContain('身份证照片不清晰')
    await tap(byTestId('merchant-reapply')[0])
    expect(onReapply).toHaveBeenCalledTimes(1)
  })
})

describe('the 进件 form', () => {
  it('asks for the photos first, then sends what the owner typed for a 小微 (settled to their own card)', async () => {
    const onSubmit = jest.fn(async () => undefined)
    const pickPhoto = jest.fn(async (what: string) => `media-${what}`)
    await mount(() => <ApplymentForm onSubmit={onSubmit} pickPhoto={pickPhoto} />)
    await tap(byTestId('merchant-submit')[0])
    expect(text('merchant-error')).toContain('身份证')
    expect(onSubmit).not.toHaveBeenCalled()
    await type('f-shortname', '老张摄影')
    await type('f-name', '张三')
    await type('f-id', '11010519491231002x')
    await type('f-valid-from', '2020-01-01')
    await type('f-bank', '招商银行')
    await type('f-bank-code', '110000')
    await type('f-account', '6225 8800 1234 5678')
    await type('f-mobile', '13800138000')
    await tap(byTestId('f-portrait')[0])
    await tap(byTestId('f-national')[0])
    await tap(byTestId('merchant-submit')[0])
    expect(onSubmit).toHaveBeenCalledWith({
      subjectType: 'micro',
      merchantShortname: '老张摄影',
      idCard: {
        portraitMediaId: 'media-身份证人像面',
        nationalMediaId: 'media-身份证国徽面',
        name: '张三',
        number: '11010519491231002X',
        validFrom: '2020-01-01',
        validTo: '长期',
      },
      bank: {
        accountType: 'personal',
        bankName: '招商银行',
        bankAddressCode: '110000',
        accountNumber: '6225880012345678',
        accountName: '张三',
      },
      contact: { mobile: '13800138000' },
      storeName: '老张摄影',
    })
  })

  it('asks an enterprise for its licence and settles to the company account', async () => {
    await mount(() => <ApplymentForm onSubmit={async () => undefined} pickPhoto={async () => 'm'} />)
    await tap(byTestId('subject-enterprise')[0])
    expect(byTestId('f-license-photo')).toHaveLength(1)
    expect(byTestId('f-account-name')).toHaveLength(1)
  })
})
