import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import type { StatementLine, WalletSummary, WithdrawalView } from '@core/contract'
import { ListFooter } from '@/components/ListFooter'
import { StateView } from '@/components/StateView'
import {
  type WalletAccount,
  isFinalWithdrawal,
  selectStatement,
  selectWalletSummary,
  selectWithdrawals,
  useWalletStore,
} from '../../store'
import { REFUND_WINDOW_HOURS, STATEMENT_KIND_LABELS, WITHDRAWAL_STATE_LABELS } from '../../labels'
import { formatFen, formatMoneyTime, formatYuanShort } from '../../money'
import '../../components/money.scss'

export type EarningsTab = 'statement' | 'withdrawals'

const TABS: { tab: EarningsTab; label: string }[] = [
  { tab: 'statement', label: '明细' },
  { tab: 'withdrawals', label: '提现记录' },
]

/** Where money with nothing to withdraw already is: the operator's own account, or the person's 零钱. */
const NOTHING_TO_WITHDRAW = {
  operator: '圈子收入直接进入运营方的商户号，无需提现',
  sharing: '分成由微信支付分账直接转入你的微信零钱，无需提现',
} as const

/**
 * Where the money goes: 平台收付通's owner income is their sub-merchant's balance at WeChat Pay,
 * withdrawn to its bank card; the operator's own income and a person's 分账 shares need no withdrawal.
 */
function PayoutNote({ summary, onMerchant }: { summary: WalletSummary; onMerchant?: () => void }) {
  const payout = summary.payout
  if (payout?.kind === 'sharing' || (onMerchant && payout?.kind === 'operator')) {
    return (
      <View className="cells" data-testid="payout-note">
        <View className="cell">
          <Text className="cell__body muted">{NOTHING_TO_WITHDRAW[payout.kind]}</Text>
        </View>
      </View>
    )
  }
  if (!onMerchant || payout === undefined || payout?.kind === 'wechat') return null
  return (
    <View className="cells" data-testid="payout-note">
      <View className="cell" onClick={onMerchant}>
        <Text className="cell__body">
          {payout?.kind === 'bank'
            ? `收款账户：${payout.bankName} ${payout.bankAccount}（提现 T+1 到账）`
            : '开通微信支付收款账户后，圈子才能收费'}
        </Text>
        <Text className="muted">{payout?.kind === 'bank' ? '查看' : '去开通'}</Text>
      </View>
    </View>
  )
}

function BalanceCard({ summary, onWithdraw }: { summary: WalletSummary; onWithdraw: () => void }) {
  // nothing to withdraw: the operator's own income (直连), or shares 分账 already paid (平台收付通)
  const withdrawable = summary.payout?.kind !== 'operator' && summary.payout?.kind !== 'sharing'
  const { limits } = summary
  return (
    <View className="wallet-card">
      <Text className="wallet-card__title">{summary.title}</Text>
      <Text className="wallet-card__label">可提现（元）</Text>
      <Text className="wallet-card__amount money-amount" data-testid="available">
        {formatFen(summary.availableFen)}
      </Text>
      <View className="wallet-card__row">
        <View className="wallet-card__cell">
          <Text className="muted">待结算（元）</Text>
          <Text className="wallet-card__small money-amount" data-testid="pending">
            {formatFen(summary.pendingFen)}
          </Text>
        </View>
        <View className="wallet-card__cell">
          <Text className="muted">今日已提现（元）</Text>
          <Text className="wallet-card__small money-amount" data-testid="withdrawn-today">
            {formatFen(summary.withdrawnTodayFen)}
          </Text>
        </View>
      </View>
      <View className="wallet-card__note">
        <View data-testid="pending-note">
          待结算：买家付款后 {REFUND_WINDOW_HOURS} 小时内可以退款，这段时间的收入记为待结算，期满自动转为可提现。
        </View>
        {withdrawable ? (
          <View data-testid="withdraw-limits">
            提现规则：单笔至少 {formatYuanShort(limits.minFen)} 元，每天最多 {formatYuanShort(limits.dailyMaxFen)}{' '}
            元，同一时间只能有一笔提现，单笔 {formatYuanShort(limits.realNameFromFen)} 元起需完成实名认证。
          </View>
        ) : null}
      </View>
      {withdrawable ? (
        <View className="wallet-card__action">
          <Button className="btn btn--primary" onClick={onWithdraw} data-testid="go-withdraw">
            提现
          </Button>
        </View>
      ) : null}
    </View>
  )
}

function OpenWithdrawal({ w, onOpen }: { w: WithdrawalView; onOpen: () => void }) {
  const action = w.state === 'waiting_confirm' ? '去确认收款' : '查看进度'
  return (
    <View className="wallet-open" onClick={onOpen} data-testid="open-withdrawal">
      <Text className="wallet-open__text">
        提现 {formatFen(w.amountFen)} 元 · {WITHDRAWAL_STATE_LABELS[w.state]}
        {w.state === 'waiting_confirm' ? '，请在 24 小时内确认收款' : ''}
      </Text>
      <Text className="link">{action} ›</Text>
    </View>
  )
}

const BUCKET_LABEL = { pending: '待结算', available: '可提现' } as const

/**
 * One business event: its cause, its time, and what it did to the total. A move between buckets
 * (a settlement) shows the amount that became withdrawable; tapping a line shows the movements.
 */
function StatementRow({ line }: { line: StatementLine }) {
  const [open, setOpen] = useState(false)
  const moved = line.amountFen === 0
  const inflow = line.amountFen > 0
  return (
    <View className="cell money-line" data-testid="statement-line" onClick={() => setOpen((o) => !o)}>
      <View className="money-row">
        <View className="cell__body money-row__body">
          <Text className="money-row__title">{line.memo || STATEMENT_KIND_LABELS[line.kind]}</Text>
          <View>
            <Text className="muted">
              {STATEMENT_KIND_LABELS[line.kind]} · {formatMoneyTime(line.at)}
            </Text>
            <Text className={`money-tag ${line.bucket === 'pending' ? 'money-tag--pending' : 'money-tag--available'}`}>
              {moved ? `转入${BUCKET_LABEL[line.bucket]}` : BUCKET_LABEL[line.bucket]}
            </Text>
          </View>
        </View>
        <Text
          className={`money-row__amount money-amount ${moved ? '' : inflow ? 'money-in' : 'money-out'}`}
          data-testid="statement-amount"
        >
          {moved ? formatFen(line.movedFen) : formatFen(line.amountFen, { signed: true })}
        </Text>
      </View>
      {open ? (
        <View className="money-row__detail" data-testid="statement-detail">
          {line.movements.map((m) => (
            <Text key={m.bucket} className="muted">
              {BUCKET_LABEL[m.bucket]} {formatFen(m.amountFen, { signed: true })}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  )
}

function WithdrawalRow({ w }: { w: WithdrawalView }) {
  const returned = w.state === 'failed' || w.state === 'expired'
  const tag = w.state === 'succeeded' ? 'money-tag--available' : returned ? 'money-tag--danger' : 'money-tag--pending'
  return (
    <View className="cell" data-testid="withdrawal-row">
      <View className="cell__body money-row__body">
        <Text className="money-row__title">提现到微信零钱</Text>
        <Text className="muted">
          {formatMoneyTime(w.createdAt)}
          {returned ? ` · ${w.failReason ? w.failReason + '，' : ''}金额已退回可提现` : ''}
        </Text>
      </View>
      <View className="money-row__side">
        <Text className="money-row__amount money-amount">{formatFen(w.amountFen)}</Text>
        <Text className={`money-tag ${tag}`}>{WITHDRAWAL_STATE_LABELS[w.state]}</Text>
      </View>
    </View>
  )
}

/**
 * An account's money: balances (待结算 vs 可提现), an open withdrawal and what it needs, then the
 * statement (every fen in and out, with its cause) or the withdrawal records.
 */
export function Earnings({
  account,
  tab,
  onTab,
  onWithdraw,
  onMerchant,
}: {
  account: WalletAccount
  tab: EarningsTab
  onTab: (tab: EarningsTab) => void
  onWithdraw: () => void
  /** A circle's income: opens 收款账户 (the owner's sub-merchant). */
  onMerchant?: () => void
}) {
  const summary = useWalletStore(selectWalletSummary(account))
  const statement = useWalletStore(selectStatement(account))
  const withdrawals = useWalletStore(selectWithdrawals(account))
  const loadWalletSummary = useWalletStore((s) => s.loadWalletSummary)
  const loadStatement = useWalletStore((s) => s.loadStatement)
  const loadWithdrawals = useWalletStore((s) => s.loadWithdrawals)

  useEffect(() => {
    void loadWalletSummary(account)
  }, [account, loadWalletSummary])

  useEffect(() => {
    if (tab === 'statement') void loadStatement(account)
    else void loadWithdrawals(account)
  }, [tab, account, loadStatement, loadWithdrawals])

  const data = summary.data
  let head
  if (!data) {
    head =
      summary.status === 'error' ? (
        <StateView kind="error" error={summary.error} onRetry={() => void loadWalletSummary(account)} />
      ) : (
        <StateView kind="loading" />
      )
  } else {
    const open = data.openWithdrawal && !isFinalWithdrawal(data.openWithdrawal) ? data.openWithdrawal : null
    head = (
      <View>
        <BalanceCard summary={data} onWithdraw={onWithdraw} />
        <PayoutNote summary={data} onMerchant={onMerchant} />
        {open ? <OpenWithdrawal w={open} onOpen={onWithdraw} /> : null}
      </View>
    )
  }

  const list = tab === 'statement' ? statement : withdrawals
  const reload = () => void (tab === 'statement' ? loadStatement(account) : loadWithdrawals(account))
  const more = () => void (tab === 'statement' ? loadStatement(account, 'more') : loadWithdrawals(account, 'more'))
  let body
  if (list.status === 'idle' || list.status === 'loading') body = <StateView kind="loading" />
  else if (list.items.length === 0 && list.status === 'error')
    body = <StateView kind="error" error={list.error} onRetry={reload} />
  else if (list.items.length === 0)
    body = <StateView kind="empty" text={tab === 'statement' ? '还没有收支明细' : '还没有提现记录'} />
  else
    body = (
      <View className="cells" style={{ marginTop: 0 }}>
        {tab === 'statement'
          ? // a settlement is one journal with two lines on this account (out of 待结算, into 可提现)
            statement.items.map((line) => <StatementRow key={line.journalId} line={line} />)
          : withdrawals.items.map((w) => <WithdrawalRow key={w.id} w={w} />)}
        <ListFooter list={list} onMore={more} />
      </View>
    )

  return (
    <View>
      {head}
      <View className="money-tabs">
        {TABS.map((t) => (
          <Text
            key={t.tab}
            className={`money-tab ${t.tab === tab ? 'money-tab--on' : ''}`}
            onClick={() => onTab(t.tab)}
            data-testid={'tab-' + t.tab}
          >
            {t.label}
          </Text>
        ))}
      </View>
      {body}
    </View>
  )
}
