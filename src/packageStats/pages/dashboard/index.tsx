import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { DashboardView } from '@core/contracts/stats'
import { dayLabel } from '@core/stats'
import { LoadedView } from '@/components/LoadedView'
import { OwnerGate } from '@/components/OwnerGate'
import { toApiError } from '@/services/cloud'
import { barChart, funnelChart, lineChart } from '../../chart'
import { Chart } from '../../components/Chart'
import { deliverCsv } from '../../files'
import { bpsText, minutesText, yuanText } from '../../format'
import { membersUrl } from '../../routes'
import { type ExportKind, type Period, selectDashboard, useStatsStore } from '../../store'
import '../../stats.scss'

const PERIODS: { key: Period; label: string }[] = [
  { key: 'today', label: '今天' },
  { key: '7d', label: '近7天' },
  { key: '30d', label: '近30天' },
]

export default function DashboardPage() {
  const circleId = useRouter().params.circleId ?? ''
  return (
    <View className="page">
      <OwnerGate circleId={circleId} permission="stats.view" what="查看数据" who="圈主和合伙人">
        {(page) => <Dashboard circleId={circleId} circleName={page.circle.name} />}
      </OwnerGate>
    </View>
  )
}

function Dashboard({ circleId, circleName }: { circleId: string; circleName: string }) {
  const [period, setPeriod] = useState<Period>('7d')
  const state = useStatsStore(selectDashboard(circleId, period))
  const load = useStatsStore((s) => s.loadDashboard)
  useEffect(() => {
    void load(circleId, period)
  }, [circleId, load, period])
  return (
    <View>
      <View className="stats-tabs">
        {PERIODS.map((p) => (
          <Text
            key={p.key}
            className={`stats-tab ${p.key === period ? 'stats-tab--on' : ''}`}
            onClick={() => setPeriod(p.key)}
            data-testid={`period-${p.key}`}
          >
            {p.label}
          </Text>
        ))}
      </View>
      <LoadedView state={state} onRetry={() => void load(circleId, period)}>
        {(d) => <Figures circleId={circleId} circleName={circleName} d={d} />}
      </LoadedView>
    </View>
  )
}

function Tile({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <View className="stats-tile" data-testid={testId}>
      <Text className="stats-tile__num">{value}</Text>
      <Text className="stats-tile__label">{label}</Text>
    </View>
  )
}

function Figures({ circleId, circleName, d }: { circleId: string; circleName: string; d: DashboardView }) {
  const exportCsv = useStatsStore((s) => s.exportCsv)
  const [exporting, setExporting] = useState<string | null>(null)
  const netFen = d.income.reduce((s, r) => s + r.netFen, 0)
  const totals = d.funnel.reduce(
    (t, r) => ({ views: t.views + r.views, taps: t.taps + r.taps, orders: t.orders + r.orders, paid: t.paid + r.paid }),
    { views: 0, taps: 0, orders: 0, paid: 0 },
  )

  const onExport = async (kind: ExportKind, label: string, challengeId?: string) => {
    setExporting(label)
    try {
      const { csv, rows } = await exportCsv(circleId, kind, challengeId)
      const how = await deliverCsv(csv, `${circleName}-${label}.csv`)
      void Taro.showToast({ title: how === 'copied' ? `已复制 ${rows} 条` : `已导出 ${rows} 条`, icon: 'none' })
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setExporting(null)
    }
  }

  const trend = [
    { name: '活跃成员', color: '#07c160', values: d.series.map((p) => p.active) },
    { name: '新成员', color: '#576b95', values: d.series.map((p) => p.newMembers) },
  ]
  const days = d.series.map((p) => dayLabel(p.day))
  const funnel = [
    { label: '访问', value: totals.views, color: '#07c160' },
    { label: '点击加入', value: totals.taps, color: '#2aae67' },
    { label: '下单', value: totals.orders, color: '#576b95' },
    { label: '支付', value: totals.paid, color: '#fa9d3b' },
  ]
  const rates = d.challenges.map((c) => ({ label: c.title.slice(0, 6), value: (c.rateBps ?? 0) / 100 }))

  return (
    <View data-testid="dashboard">
      {d.period === 'today' ? (
        <Text className="stats-note">今天的数据实时统计{d.partial ? '（记录较多，部分为下限）' : ''}</Text>
      ) : (
        <Text className="stats-note">
          {d.computedThrough ? `统计至 ${dayLabel(d.computedThrough)}（每日凌晨更新）` : '首次统计将在今晚完成'}
        </Text>
      )}

      <Text className="cells__title">成员</Text>
      <View className="stats-grid" data-testid="member-figures">
        <Tile label="新增" value={d.members.new} testId="figure-new" />
        <Tile label="续费" value={d.members.renewed} />
        <Tile label="到期" value={d.members.expired} />
        <Tile label="退出" value={d.members.left} />
        <Tile label="净增" value={d.members.net} />
        <Tile
          label={d.period === 'today' ? '今日活跃' : '日均活跃'}
          value={d.period === 'today' ? d.active.peak : d.active.averagePerDay}
        />
      </View>

      <Text className="cells__title">近30天趋势</Text>
      <View className="stats-card">
        <Chart
          height={200}
          testId="trend-chart"
          dataKey={JSON.stringify(d.series)}
          marks={(box) => lineChart(trend, days, box)}
        />
      </View>

      <Text className="cells__title">内容</Text>
      <View className="stats-grid">
        <Tile label="动态" value={d.content.posts} testId="figure-posts" />
        <Tile label="精华" value={d.content.featured} />
        <Tile label="评论" value={d.content.comments} />
        <Tile label="点赞" value={d.content.likes} />
        <Tile label="打卡" value={d.content.checkins} />
        <Tile label="问答回答率" value={bpsText(d.qa.answerRateBps)} />
      </View>
      <View className="cells">
        <View className="cell">
          <Text className="cell__body">问答回答中位用时</Text>
          <Text className="cell__value">{minutesText(d.qa.medianAnswerMinutes)}</Text>
        </View>
      </View>

      <Text className="cells__title">打卡率</Text>
      {d.challenges.length === 0 ? (
        <Text className="stats-note">这段时间没有进行中的打卡挑战</Text>
      ) : (
        <View className="stats-card">
          <Chart
            height={40 + 36 * rates.length}
            testId="checkin-chart"
            dataKey={JSON.stringify(rates)}
            marks={(box) => barChart(rates, box, { max: 100, ticks: 3, color: '#07c160' })}
          />
          <View className="cells">
            {d.challenges.map((c) => (
              <View key={c.challengeId} className="cell">
                <Text className="cell__body">{c.title}</Text>
                <Text className="cell__value">
                  {bpsText(c.rateBps)} · {c.checkins} 次
                </Text>
                <Text
                  className="link"
                  style={{ marginLeft: '10px' }}
                  onClick={() => void onExport('checkins', `${c.title}-打卡记录`, c.challengeId)}
                >
                  导出
                </Text>
              </View>
            ))}
          </View>
        </View>
      )}

      <Text className="cells__title">转化漏斗</Text>
      <View className="stats-card">
        {totals.views + totals.taps + totals.orders + totals.paid === 0 ? null : (
          <Chart
            height={180}
            testId="funnel-chart"
            dataKey={JSON.stringify(funnel)}
            marks={(box) => funnelChart(funnel, box)}
          />
        )}
        <View className="stats-table" data-testid="funnel-table">
          <View className="stats-row stats-row--head">
            <Text className="stats-cell stats-cell--first">渠道</Text>
            <Text className="stats-cell">访问</Text>
            <Text className="stats-cell">点击</Text>
            <Text className="stats-cell">下单</Text>
            <Text className="stats-cell">支付</Text>
          </View>
          {d.funnel.length === 0 ? <Text className="stats-note">还没有访问记录</Text> : null}
          {d.funnel.map((r) => (
            <View key={r.channel} className="stats-row">
              <Text className="stats-cell stats-cell--first">{r.channel}</Text>
              <Text className="stats-cell">{r.views}</Text>
              <Text className="stats-cell">{r.taps}</Text>
              <Text className="stats-cell">{r.orders}</Text>
              <Text className="stats-cell">{r.paid}</Text>
            </View>
          ))}
        </View>
      </View>

      <Text className="cells__title">续费</Text>
      <View className="stats-grid">
        <Tile label="到期应续" value={d.renewal.due} />
        <Tile label="已续费" value={d.renewal.renewed} />
        <Tile label="续费率" value={bpsText(d.renewal.rateBps)} />
      </View>

      <Text className="cells__title">收入（扣除退款和手续费）</Text>
      <View className="cells" data-testid="income">
        {d.income.length === 0 ? (
          <View className="cell">
            <Text className="cell__body">暂无收入</Text>
          </View>
        ) : null}
        {d.income.map((r) => (
          <View key={r.kind} className="cell">
            <Text className="cell__body">{r.kind}</Text>
            <Text className="cell__value">
              {yuanText(r.netFen)}（收 {yuanText(r.grossFen)} · 退 {yuanText(r.refundFen)} · 费 {yuanText(r.feeFen)}）
            </Text>
          </View>
        ))}
        <View className="cell">
          <Text className="cell__body">合计</Text>
          <Text className="cell__value" data-testid="income-net">
            {yuanText(netFen)}
          </Text>
        </View>
      </View>

      <Text className="cells__title">成员运营</Text>
      <View className="cells">
        <View
          className="cell"
          onClick={() => void Taro.navigateTo({ url: membersUrl(circleId) })}
          data-testid="open-segments"
        >
          <Text className="cell__body">成员分群与召回</Text>
          <Text className="cell__value">核心 · 潜力 · 沉默 · 即将到期</Text>
        </View>
      </View>

      <Text className="cells__title">导出（CSV，可用表格打开）</Text>
      <View className="stats-exports">
        {(
          [
            ['members', '成员名单'],
            ['orders', '订单'],
            ['income', '收入明细'],
          ] as [ExportKind, string][]
        ).map(([kind, label]) => (
          <Text
            key={kind}
            className="btn btn--default btn--mini"
            onClick={() => (exporting ? undefined : void onExport(kind, label))}
            data-testid={`export-${kind}`}
          >
            {exporting === label ? '导出中…' : label}
          </Text>
        ))}
      </View>
    </View>
  )
}
