import { useEffect } from 'react'
import { Button, Switch, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { CircleDetail } from '@core/contract'
import { can } from '@core/permissions'
import { profileOfDetail } from '@core/views'
import { StateView } from '@/components/StateView'
import { useSignedIn } from '@/hooks/useSignedIn'
import { toApiError } from '@/services/cloud'
import { selectCirclePage, useAppStore } from '@/store'
import { CircleForm, type CircleFormValues } from '../../components/CircleForm'
import { circleOrdersUrl, coursesUrl, earningsUrl, pricingUrl } from '@/packageMoney/routes'

function toForm(c: CircleDetail): CircleFormValues {
  return { ...profileOfDetail(c), entryMode: c.entryMode }
}

export default function EditCirclePage() {
  const circleId = useRouter().params.circleId ?? ''
  const session = useSignedIn()
  const state = useAppStore(selectCirclePage(circleId))
  const loadCirclePage = useAppStore((s) => s.loadCirclePage)
  const ensureCirclePage = useAppStore((s) => s.ensureCirclePage)
  const updateCircle = useAppStore((s) => s.updateCircle)
  const closeCircle = useAppStore((s) => s.closeCircle)
  const setCircleWatermark = useAppStore((s) => s.setCircleWatermark)

  useEffect(() => {
    if (session.ready && circleId) void ensureCirclePage(circleId)
  }, [session.ready, circleId, ensureCirclePage])

  const page = state.page
  if (!page) {
    return (
      <View className="page">
        {state.status === 'error' ? (
          <StateView kind="error" error={state.error} onRetry={() => void loadCirclePage(circleId)} />
        ) : (
          <StateView kind="loading" />
        )}
      </View>
    )
  }
  const { circle } = page
  const isOwner = can(page.me?.role ?? null, 'circle.edit')
  if (!isOwner) {
    return (
      <View className="page">
        <StateView kind="empty" text="只有圈主可以编辑圈子资料" />
      </View>
    )
  }

  const save = async (v: CircleFormValues) => {
    await updateCircle({
      circleId,
      name: v.name,
      type: v.type,
      intro: v.intro,
      coverUrl: v.coverUrl,
      avatarUrl: v.avatarUrl,
      audience: v.audience,
      coreValue: v.coreValue,
      rules: v.rules,
      welcome: v.welcome,
      announcement: v.announcement,
      tags: v.tags,
      allowPreview: v.allowPreview,
    })
    Taro.showToast({ title: '已保存', icon: 'success' })
    setTimeout(() => void Taro.navigateBack(), 400)
  }

  // content protection (docs/content-security.md)
  const toggleWatermark = async (on: boolean) => {
    try {
      await setCircleWatermark(circleId, on)
      Taro.showToast({ title: on ? '已开启图片水印' : '已关闭图片水印', icon: 'none' })
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  const askClose = async () => {
    const r = await Taro.showModal({
      title: '关闭圈子',
      content: '关闭后圈子变为只读：成员仍可浏览，但不能再发布、评论或加入。此操作不可撤销，确定关闭吗？',
      confirmText: '关闭圈子',
      confirmColor: '#FA5151',
    })
    if (!r.confirm) return
    try {
      await closeCircle(circleId)
      Taro.showToast({ title: '圈子已关闭', icon: 'none' })
      setTimeout(() => void Taro.navigateBack(), 400)
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  // The owner's money (only the owner reaches this page): income, prices and shares, courses, orders.
  const moneyEntries = [
    { label: '收入与提现', url: earningsUrl(circleId) },
    { label: circle.entryMode === 'paid' ? '定价与分成' : '分成', url: pricingUrl(circleId) },
    { label: '课程', url: coursesUrl(circleId) },
    { label: '订单', url: circleOrdersUrl(circleId) },
  ]

  return (
    <View className="page">
      <View className="cells__title">经营</View>
      <View className="cells" style={{ marginTop: 0 }}>
        {moneyEntries.map((e) => (
          <View
            key={e.label}
            className="cell"
            onClick={() => void Taro.navigateTo({ url: e.url })}
            data-testid="money-entry"
          >
            <Text className="cell__body">{e.label}</Text>
            <Text className="cell__arrow">›</Text>
          </View>
        ))}
      </View>
      <View className="cells__title">内容保护</View>
      <View className="cells" style={{ marginTop: 0 }}>
        <View className="cell">
          <Text className="cell__body">图片水印（显示查看者昵称）</Text>
          <Switch
            checked={page.protection?.watermark ?? false}
            color="#07C160"
            onChange={(e) => void toggleWatermark(e.detail.value)}
            data-testid="watermark-switch"
          />
        </View>
      </View>
      <CircleForm key={circle.id} mode="edit" initial={toForm(circle)} submitText="保存" onSubmit={save} />
      {circle.status === 'active' && can(page.me?.role ?? null, 'circle.close') ? (
        <View className="footer-actions" style={{ paddingTop: 0 }}>
          <Button className="btn btn--warn" onClick={() => void askClose()}>
            关闭圈子
          </Button>
        </View>
      ) : null}
    </View>
  )
}
