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
})
