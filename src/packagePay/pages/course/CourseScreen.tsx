import { useEffect, useState } from 'react'
import { Icon } from '@/components/Icon'
import { Button, Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { previewImage } from '@/utils/previewImage'
import type { LessonView, Platform, PriceQuote } from '@core/contract'
import { StateView } from '@/components/StateView'
import { fileUrl } from '@/services/cloud'
import { couponsFor, selectCatalog, selectCourse, useShopStore } from '../../store'
import { NOT_ON_THIS_DEVICE, showsPrice } from '@/services/sale'
import { CouponPicker } from '../../components/CouponPicker'
import { usePurchase } from '../../components/usePurchase'
import { yuan } from '../../money'
import '../../pay.scss'

/** A course (docs/features.md §9): free lessons readable by anyone, the rest once bought (for life). */
export function CourseScreen({ courseId, platform }: { courseId: string; platform: Platform }) {
  const state = useShopStore(selectCourse(courseId))
  const loadCourse = useShopStore((s) => s.loadCourse)
  const course = state.data
  const circleId = course?.circleId ?? ''
  const catalog = useShopStore(selectCatalog(circleId)).data
  const loadCatalog = useShopStore((s) => s.loadCatalog)
  const { purchase, busy, error, blocked: refused } = usePurchase(circleId, platform)
  const [open, setOpen] = useState<string | null>(null)
  const [hint, setHint] = useState('')
  const [applied, setApplied] = useState<PriceQuote | null>(null)

  useEffect(() => {
    void loadCourse(courseId)
  }, [courseId, loadCourse])

  const locked = !!course && !course.owned && course.lessons.some((l) => l.locked)
  // The catalog says whether an iPhone can pay here, and which course coupons are on offer.
  useEffect(() => {
    if (locked && circleId && !catalog) void loadCatalog(circleId)
  }, [locked, platform, circleId, catalog, loadCatalog])

  if (!course) {
    return state.status === 'error' ? (
      <StateView kind="error" error={state.error} onRetry={() => void loadCourse(courseId)} />
    ) : (
      <StateView kind="loading" />
    )
  }
  // An iPhone without iOS virtual payment: the lessons it may read, no price, nothing to buy
  const forSale = showsPrice(course.sale)
  const blocked = refused
  const discounted = course.memberPriceFen < course.priceFen

  const tapLesson = (l: LessonView) => {
    if (l.locked) {
      setHint(forSale ? '购买课程后即可学习全部内容' : NOT_ON_THIS_DEVICE)
      return
    }
    setOpen(open === l.id ? null : l.id)
  }

  return (
    <View className="course">
      <View className="pay-cover">
        {course.coverUrl ? <Image className="pay-cover" src={fileUrl(course.coverUrl)} mode="aspectFill" /> : null}
      </View>
      <View className="pay-head">
        <View className="pay-head__title">{course.title}</View>
        <View className="pay-head__sub">
          共 {course.lessonCount} 节{course.freeLessonCount > 0 ? ` · ${course.freeLessonCount} 节免费试看` : ''}
          {course.owned && forSale ? ' · 已购买，永久可看' : ''}
        </View>
        {course.intro ? <View className="pay-intro">{course.intro}</View> : null}
      </View>

      <View className="cells">
        <View className="cells__title">课程目录</View>
        {course.lessons.map((l, i) => (
          <View key={l.id}>
            <View className="cell" onClick={() => tapLesson(l)} data-testid="lesson">
              <Text className="pay-lesson__title">
                {i + 1}. {l.title}
              </Text>
              {l.free && !course.owned ? <Text className="badge badge--admin pay-lesson__tag">试看</Text> : null}
              {l.locked ? (
                <View className="pay-lesson__lock" data-testid="lesson-locked">
                  <Icon name="lock" size={16} color="#B2B2B2" />
                </View>
              ) : (
                <Text className="cell__arrow">{open === l.id ? '︿' : '﹀'}</Text>
              )}
            </View>
            {open === l.id && !l.locked ? <LessonBody lesson={l} /> : null}
          </View>
        ))}
      </View>

      {locked && forSale && !blocked ? (
        <CouponPicker
          circleId={circleId}
          product={{ kind: 'course', courseId: course.id }}
          offers={catalog ? couponsFor(catalog, 'course') : []}
          applied={applied}
          onApplied={setApplied}
        />
      ) : null}
      {locked && !forSale && hint ? (
        <View className="pay-error pay-error--inline" data-testid="course-error">
          {hint}
        </View>
      ) : null}
      {locked && forSale ? (
        <>
          <View className="pay-spacer" />
          <View className="pay-bar">
            {hint || error ? (
              <View className="pay-error" data-testid="course-error">
                {error || hint}
              </View>
            ) : null}
            <View className="pay-bar__row">
              <View className="pay-bar__amount">
                {applied ? (
                  <Text className="pay-bar__amount-num" data-testid="course-total">
                    {yuan(applied.amountFen)}
                  </Text>
                ) : (
                  <>
                    <Text className="pay-bar__amount-num">{yuan(course.priceFen)}</Text>
                    {discounted ? <Text>　圈子成员 {yuan(course.memberPriceFen)}</Text> : null}
                  </>
                )}
              </View>
              {blocked ? null : (
                <Button
                  className={`btn btn--primary pay-bar__btn ${busy ? 'btn--disabled' : ''}`}
                  disabled={!!busy}
                  loading={!!busy}
                  onClick={() =>
                    void purchase(
                      { kind: 'course', courseId: course.id },
                      'course',
                      applied?.coupon ? { couponCode: applied.coupon.code } : undefined,
                    )
                  }
                  data-testid="buy-course"
                >
                  购买课程
                </Button>
              )}
            </View>
          </View>
        </>
      ) : null}
    </View>
  )
}

function LessonBody({ lesson }: { lesson: LessonView }) {
  const urls = lesson.images.map(fileUrl)
  return (
    <View className="pay-lesson__content" data-testid="lesson-body">
      {lesson.body ? <Text>{lesson.body}</Text> : null}
      {urls.map((u) => (
        <Image
          key={u}
          className="pay-lesson__image"
          src={u}
          mode="widthFix"
          onClick={() => previewImage({ current: u, urls })}
        />
      ))}
      {lesson.videoUrl ? (
        <View className="pay-lesson__video">
          <Text className="link pay-lesson__link">视频：{lesson.videoUrl}</Text>
          <Button
            className="btn btn--default btn--mini"
            onClick={() => void Taro.setClipboardData({ data: lesson.videoUrl })}
          >
            复制链接
          </Button>
        </View>
      ) : null}
    </View>
  )
}
