/**
 * wallet: a circle's income account follows the matrix (see: circle.seeIncome; withdraw: the owner
 * only); one's own shares (account kind self) need no role.
 */
import { matrixFor } from './_kit'

const circleAccount = (k: { paidCircleId: string }) => ({ kind: 'owner', circleId: k.paidCircleId })

export default matrixFor('wallet', {
  summary: { need: 'circle.seeIncome', input: (k) => ({ account: circleAccount(k) }) },
  statement: { need: 'circle.seeIncome', input: (k) => ({ account: circleAccount(k) }) },
  // nothing is available yet, so the owner's allowed call ends in a balance refusal, not a permission one
  withdraw: { need: 'circle.withdraw', input: (k) => ({ account: circleAccount(k), amountFen: 100 }) },
  withdrawals: { need: 'circle.seeIncome', input: (k) => ({ account: circleAccount(k) }) },
  // one's own withdrawal only: an unknown id is not found for everyone signed in
  refreshWithdrawal: { need: 'signedIn', input: () => ({ withdrawalId: 'wd_none' }) },
  splitRules: { need: 'circle.seeIncome', input: (k) => ({ circleId: k.paidCircleId }) },
  setSplitRules: { need: 'circle.edit', input: (k) => ({ circleId: k.paidCircleId, referrerBps: 500, partners: [] }) },
  // 平台收付通 onboarding: one's own application, whoever one is
  merchant: { need: 'signedIn', input: () => ({}) },
  uploadMerchantImage: {
    need: 'signedIn',
    input: () => ({ fileId: 'cloud://local-test.bucket/uploads/none/missing.png' }),
  },
  applyMerchant: {
    need: 'signedIn',
    input: () => ({
      subjectType: 'micro',
      merchantShortname: '测试小店',
      idCard: {
        portraitMediaId: 'V1_none',
        nationalMediaId: 'V1_none',
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
      storeName: '测试小店',
    }),
  },
  refreshMerchant: { need: 'signedIn', input: () => ({}) },
  sellable: { need: 'signedIn', input: (k) => ({ circleId: k.paidCircleId }) },
})
