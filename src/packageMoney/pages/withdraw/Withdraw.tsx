import { useEffect, useRef, useState } from 'react'
import { Icon } from '@/components/Icon'
import { Button, Input, Text, View } from '@tarojs/components'
import type { WalletSummary, WithdrawalView } from '@core/contract'
import { messageFor } from '@core/errors'
import { StateView } from '@/components/StateView'
import { toApiError } from '@/services/cloud'
import { confirmSimulatedTransfer } from '@/services/paysim'
import { requestMerchantTransfer } from '@/services/transfer'
import {
  type WalletAccount,
  checkWithdrawAmount,
  isFinalWithdrawal,
  selectWalletSummary,
  useWalletStore,
  withdrawableNowFen,
} from '../../store'
import { WITHDRAWAL_STATE_LABELS } from '../../labels'
import { fenToInput, formatFen, formatYuanShort, parseYuanToFen } from '../../money'
import '../../components/money.scss'
import { useSubmit } from '@/hooks/useSubmit'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

function Rules({ summary }: { summary: WalletSummary }) {
  const { limits } = summary
  if (summary.payout?.kind === 'bank') {
    return (
      <View>
        <View className="cells__title">提现规则</View>
        <View className="money-rules" data-testid="withdraw-rules">
          <Text className="money-rules__item">· 收入在你自己的微信支付商户号中，提现到开通时验证过的结算银行卡</Text>
          <Text className="money-rules__item">
            · 单笔至少 {formatYuanShort(limits.minFen)} 元，每天最多 {formatYuanShort(limits.dailyMaxFen)} 元
          </Text>
          <Text className="money-rules__item">· 同一时间只能有一笔提现，一般下一个工作日（T+1）到账</Text>
          <Text className="money-rules__item">· 银行退回的提现，金额自动回到可提现余额</Text>
        </View>
      </View>
    )
  }
  return (
    <View>
      <View className="cells__title">提现规则</View>
      <View className="money-rules" data-testid="withdraw-rules">
        <Text className="money-rules__item">· 单笔至少 {formatYuanShort(limits.minFen)} 元</Text>
        <Text className="money-rules__item">
          · 每天最多 {formatYuanShort(limits.dailyMaxFen)} 元（今天已提现 {formatFen(summary.withdrawnTodayFen)} 元）
        </Text>
        <Text className="money-rules__item">· 同一时间只能有一笔提现，处理完成后才能再次提现</Text>
        <Text className="money-rules__item">
          · 单笔 {formatYuanShort(limits.realNameFromFen)} 元及以上需已完成微信实名认证
        </Text>
        <Text className="money-rules__item">· 提交后请在 24 小时内确认收款，逾期未确认，金额退回可提现余额</Text>
      </View>
    </View>
  )
}

function AmountForm({
  account,
  summary,
  onRequested,
}: {
  account: WalletAccount
  summary: WalletSummary
  onRequested: (w: WithdrawalView) => void
}) {
  const withdraw = useWalletStore((s) => s.withdraw)
  const [text, setText] = useState('')
  const [error, setError] = useState('')
  const maxNow = withdrawableNowFen(summary)

  const submitAction = useSubmit(
    async () => {
      if (busy) return
      const amountFen = parseYuanToFen(text)
      if (amountFen === null) {
        setError('请输入正确的金额，最多两位小数')
        return
      }
      // Instant feedback from the same rules and the same words; the server still decides.
      const broken = checkWithdrawAmount(summary, amountFen)
      if (broken) {
        setError(messageFor(broken))
        return
      }
      setError('')
      onRequested(await withdraw(account, amountFen))
    },
    { onError: (e) => setError(e.message) },
  )
  const submit = submitAction.run
  const busy = submitAction.busy

  const amountFen = parseYuanToFen(text)
  return (
    <View>
      <View className="cells__title" data-testid="withdraw-to">
        {summary.payout?.kind === 'bank'
          ? `提现到银行卡（${summary.payout.bankName} ${summary.payout.bankAccount}）`
          : '提现到微信零钱'}
      </View>
      <View className="withdraw-box">
        <Text className="withdraw-box__label">提现金额</Text>
        <View className="withdraw-box__input-row">
          <Text className="withdraw-box__yen">¥</Text>
          <Input
            className="withdraw-box__input money-amount"
            type="digit"
            value={text}
            placeholder="0.00"
            onInput={(e) => {
              setText(e.detail.value)
              setError('')
            }}
            data-testid="withdraw-amount"
          />
        </View>
        <View className="withdraw-box__foot">
          <Text>
            可提现 {formatFen(summary.availableFen)} 元
            {maxNow < summary.availableFen ? `，今天还可提 ${formatFen(maxNow)} 元` : ''}
          </Text>
          {maxNow > 0 ? (
            <Text className="link" onClick={() => setText(fenToInput(maxNow))} data-testid="withdraw-all">
              全部提现
            </Text>
          ) : null}
        </View>
        {amountFen !== null && amountFen >= summary.limits.realNameFromFen && summary.payout?.kind !== 'bank' ? (
          <Text className="muted">这笔提现需要你已完成微信实名认证</Text>
        ) : null}
      </View>
      {error ? (
        <Text className="money-error" data-testid="withdraw-error">
          {error}
        </Text>
      ) : null}
      <View className="footer-actions">
        <Button
          className={`btn btn--primary ${busy ? 'btn--disabled' : ''}`}
          disabled={busy}
          loading={busy}
          onClick={() => void submit()}
          data-testid="withdraw-submit"
        >
          提现
        </Button>
      </View>
      <Rules summary={summary} />
    </View>
  )
}

/** The local cloud's stand-in for WeChat's confirm-receipt page (H5 only). */
function SimulatorSheet({
  w,
  busy,
  onConfirm,
  onCancel,
}: {
  w: WithdrawalView
  busy: boolean
  onConfirm: () => void
  onCancel: () => void
}) {
  return (
    <View data-testid="paysim-sheet">
      <View className="money-sheet__mask" onClick={onCancel} />
      <View className="money-sheet">
        <Text className="money-sheet__title">确认收款</Text>
        <Text className="money-sheet__amount money-amount">¥{formatFen(w.amountFen)}</Text>
        <Text className="muted">本地演示：代替微信的商家转账收款确认页</Text>
        <View className="money-sheet__actions">
          <Button
            className="btn btn--primary"
            disabled={busy}
            loading={busy}
            onClick={onConfirm}
            data-testid="paysim-confirm"
          >
            确认收款
          </Button>
          <Button className="btn btn--default" disabled={busy} onClick={onCancel}>
            取消
          </Button>
        </View>
      </View>
    </View>
  )
}

function Result({ w, onDone }: { w: WithdrawalView; onDone: () => void }) {
  const ok = w.state === 'succeeded'
  const title = ok ? '提现成功' : w.state === 'expired' ? '提现已过期' : '提现失败'
  const text = ok
    ? '已转入你的微信零钱'
    : w.state === 'expired'
      ? '24 小时内没有确认收款，金额已退回可提现余额'
      : `${w.failReason ? w.failReason + '，' : ''}金额已退回可提现余额`
  return (
    <View>
      <View className="money-result" data-testid="withdraw-result">
        <View className={`money-result__icon ${ok ? '' : 'money-result__icon--warn'}`}>
          {ok ? <Icon name="check" size={28} color="#FFFFFF" /> : '!'}
        </View>
        <Text className="money-result__title">{title}</Text>
        <Text className="money-result__amount money-amount">¥{formatFen(w.amountFen)}</Text>
        <Text className="money-result__text">{text}</Text>
      </View>
      <View className="footer-actions">
        <Button className="btn btn--primary" onClick={onDone}>
          完成
        </Button>
      </View>
    </View>
  )
}

/**
 * Withdrawing: the amount (with the rules), then the user's confirmation of 商家转账 (WeChat's
 * page in the mini-program, the simulator's sheet in H5), then the outcome, asked of the server
 * until it is final.
 */
export function Withdraw({
  account,
  onDone,
  pollDelaysMs,
}: {
  account: WalletAccount
  onDone: () => void
  /** Waits between asks about a transfer; the store's backoff unless given. */
  pollDelaysMs?: readonly number[]
}) {
  const summary = useWalletStore(selectWalletSummary(account))
  const loadWalletSummary = useWalletStore((s) => s.loadWalletSummary)
  const refreshWithdrawal = useWalletStore((s) => s.refreshWithdrawal)
  const stopFollowingWithdrawal = useWalletStore((s) => s.stopFollowingWithdrawal)
  // The withdrawal this page works on once it has been requested or refreshed here.
  const [tracked, setTracked] = useState<WithdrawalView | null>(null)
  const [checking, setChecking] = useState(false)
  const [sheet, setSheet] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [notice, setNotice] = useState('')
  const followedId = useRef<string | null>(null)

  useEffect(() => {
    void loadWalletSummary(account)
    return () => {
      if (followedId.current) stopFollowingWithdrawal(followedId.current)
    }
  }, [account, loadWalletSummary, stopFollowingWithdrawal])

  const data = summary.data
  if (!data && !tracked) {
    return summary.status === 'error' ? (
      <StateView kind="error" error={summary.error} onRetry={() => void loadWalletSummary(account)} />
    ) : (
      <StateView kind="loading" />
    )
  }

  const open = data?.openWithdrawal && !isFinalWithdrawal(data.openWithdrawal) ? data.openWithdrawal : null
  const current = tracked ?? open

  const follow = async (w: WithdrawalView) => {
    followedId.current = w.id
    setChecking(true)
    setNotice('')
    try {
      const last = await refreshWithdrawal(account, w.id, { delaysMs: pollDelaysMs })
      setTracked(last)
      if (!isFinalWithdrawal(last)) {
        setNotice(
          last.state === 'waiting_confirm'
            ? '还没有收到你的确认，请点击「确认收款」'
            : '转账处理中，到账可能需要几分钟，可稍后在「提现记录」里查看',
        )
      }
    } catch (e) {
      setNotice(toApiError(e).message)
    } finally {
      setChecking(false)
    }
  }

  const confirmReceipt = async (w: WithdrawalView) => {
    setNotice('')
    if (!IS_WEAPP) {
      setSheet(true)
      return
    }
    if (!w.confirm) {
      await follow(w)
      return
    }
    const r = await requestMerchantTransfer(w.confirm)
    if (r.outcome === 'unsupported') setNotice('当前微信版本不支持确认收款，请把微信升级到最新版本后再试')
    else if (r.outcome === 'cancelled') setNotice('你还没有确认收款。24 小时内可以回到这里继续确认')
    else await follow(w)
  }

  const confirmInSimulator = async (w: WithdrawalView) => {
    setConfirming(true)
    try {
      await confirmSimulatedTransfer(w.id)
      setSheet(false)
      await follow(w)
    } catch (e) {
      setSheet(false)
      setNotice(toApiError(e).message)
    } finally {
      setConfirming(false)
    }
  }

  if (current && isFinalWithdrawal(current)) return <Result w={current} onDone={onDone} />

  if (current) {
    const waiting = current.state === 'waiting_confirm'
    return (
      <View>
        <View className="money-result" data-testid="withdraw-step">
          <View className="money-result__icon money-result__icon--wait">¥</View>
          <Text className="money-result__title" data-testid="withdraw-state">
            {checking ? '正在查询到账结果…' : WITHDRAWAL_STATE_LABELS[current.state]}
          </Text>
          <Text className="money-result__amount money-amount">¥{formatFen(current.amountFen)}</Text>
          <Text className="money-result__text">
            {waiting
              ? '请确认收款，钱会转入你的微信零钱。24 小时内未确认，金额退回可提现余额。'
              : '微信正在处理这笔转账。'}
          </Text>
        </View>
        {notice ? (
          <Text className="money-error" data-testid="withdraw-notice">
            {notice}
          </Text>
        ) : null}
        <View className="footer-actions">
          {waiting ? (
            <Button
              className={`btn btn--primary ${checking ? 'btn--disabled' : ''}`}
              disabled={checking}
              onClick={() => void confirmReceipt(current)}
              data-testid="confirm-receipt"
            >
              确认收款
            </Button>
          ) : (
            <Button
              className="btn btn--default"
              disabled={checking}
              loading={checking}
              onClick={() => void follow(current)}
              data-testid="refresh-withdrawal"
            >
              刷新进度
            </Button>
          )}
        </View>
        {sheet ? (
          <SimulatorSheet
            w={current}
            busy={confirming}
            onConfirm={() => void confirmInSimulator(current)}
            onCancel={() => setSheet(false)}
          />
        ) : null}
      </View>
    )
  }

  return <AmountForm account={account} summary={data!} onRequested={setTracked} />
}
