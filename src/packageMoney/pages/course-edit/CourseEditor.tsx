import { useEffect, useState } from 'react'
import { Button, Image, Input, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CourseView } from '@core/contract'
import { LIMITS } from '@core/limits'
import { StateView } from '@/components/StateView'
import { fileUrl, toApiError, uploadImage } from '@/services/cloud'
import { type SaveCourseInput, selectEditableCourse, useWalletStore } from '../../store'
import { charCount } from '@/utils/text'
import { parsePriceInput } from '@core/money/pricing'
import { PriceInput } from '@/components/PriceInput'
import { CharCount } from '@/components/CharCount'
import { fenToInput, formatBps, formatFen, parsePercentToBps, parseYuanToFen } from '../../money'
import '../../components/money.scss'
import { useSubmit } from '@/hooks/useSubmit'

const MAX_LESSONS = 100

interface LessonDraft {
  /** Stable for React while lessons move; the server's id once saved. */
  key: string
  id?: string
  title: string
  body: string
  images: string[]
  videoUrl: string
  free: boolean
}

export interface CourseDraft {
  title: string
  intro: string
  coverUrl: string
  price: string
  /** Percent off for circle members, e.g. "20" = members pay 80 %. */
  discount: string
  lessons: LessonDraft[]
}

let keySeq = 0
const newKey = () => `new-${++keySeq}`
const emptyLesson = (): LessonDraft => ({ key: newKey(), title: '', body: '', images: [], videoUrl: '', free: false })

function draftOf(c: CourseView | null): CourseDraft {
  if (!c) return { title: '', intro: '', coverUrl: '', price: '', discount: '0', lessons: [emptyLesson()] }
  // The view carries the member price, not the rate: the rate it was made from, to the basis point.
  const discountBps = c.priceFen > 0 ? Math.round(((c.priceFen - c.memberPriceFen) * 10_000) / c.priceFen) : 0
  return {
    title: c.title,
    intro: c.intro,
    coverUrl: c.coverUrl,
    price: fenToInput(c.priceFen),
    discount: formatBps(discountBps),
    lessons: c.lessons.map((l) => ({
      key: l.id,
      id: l.id,
      title: l.title,
      body: l.body,
      images: l.images,
      videoUrl: l.videoUrl,
      free: l.free,
    })),
  }
}

/** The draft as saveCourse input, or the first thing wrong with it in words. */
export function courseInputOf(
  circleId: string,
  courseId: string | undefined,
  d: CourseDraft,
): { input: SaveCourseInput } | { problem: string } {
  const title = d.title.trim()
  if (charCount(title) < 2 || charCount(title) > 40) return { problem: '课程名称为 2–40 个字' }
  if (charCount(d.intro) > LIMITS.introChars) return { problem: `课程介绍最多 ${LIMITS.introChars} 字` }
  const price = parsePriceInput(d.price, { label: '课程价格' })
  if (!price.ok) return { problem: price.problem }
  const priceFen = price.fen
  const memberDiscountBps = parsePercentToBps(d.discount || '0')
  if (memberDiscountBps === null || memberDiscountBps >= 10_000) return { problem: '成员优惠为 0–99.99%' }
  if (d.lessons.length === 0) return { problem: '至少需要一节课' }
  if (d.lessons.length > MAX_LESSONS) return { problem: `最多 ${MAX_LESSONS} 节课` }
  for (let i = 0; i < d.lessons.length; i++) {
    const l = d.lessons[i]
    const t = l.title.trim()
    if (charCount(t) < 1 || charCount(t) > 60) return { problem: `第 ${i + 1} 节：标题为 1–60 个字` }
    if (charCount(l.body) > LIMITS.postChars) return { problem: `第 ${i + 1} 节：正文最多 ${LIMITS.postChars} 字` }
    if (l.videoUrl.trim() && !/^https?:\/\/\S+$/.test(l.videoUrl.trim()))
      return { problem: `第 ${i + 1} 节：视频链接需以 http:// 或 https:// 开头` }
  }
  return {
    input: {
      circleId,
      courseId,
      title,
      intro: d.intro,
      coverUrl: d.coverUrl,
      priceFen,
      memberDiscountBps,
      lessons: d.lessons.map((l) => ({
        id: l.id,
        title: l.title.trim(),
        body: l.body,
        images: l.images,
        videoUrl: l.videoUrl.trim(),
        free: l.free,
      })),
    },
  }
}

async function pickAndUpload(count: number, onProgress: (p: number | null) => void): Promise<string[]> {
  let paths: string[]
  try {
    paths = (await Taro.chooseImage({ count, sizeType: ['compressed'] })).tempFilePaths
  } catch {
    return [] // The person closed the picker.
  }
  const out: string[] = []
  try {
    for (const p of paths) {
      onProgress(0)
      out.push(await uploadImage(p, onProgress))
    }
  } catch (e) {
    Taro.showToast({ title: toApiError(e).message, icon: 'none' })
  } finally {
    onProgress(null)
  }
  return out
}

function LessonCard({
  index,
  count,
  lesson,
  onChange,
  onMove,
  onRemove,
}: {
  index: number
  count: number
  lesson: LessonDraft
  onChange: (patch: Partial<LessonDraft>) => void
  onMove: (delta: -1 | 1) => void
  onRemove: () => void
}) {
  const [progress, setProgress] = useState<number | null>(null)
  const addImages = async () => {
    const room = LIMITS.postImages - lesson.images.length
    if (room <= 0 || progress !== null) return
    const ids = await pickAndUpload(room, setProgress)
    if (ids.length) onChange({ images: [...lesson.images, ...ids].slice(0, LIMITS.postImages) })
  }
  return (
    <View className="lesson" data-testid="lesson">
      <View className="lesson__head">
        <Text className="lesson__index">第 {index + 1} 节</Text>
        <Text className={`lesson__op ${index === 0 ? 'lesson__op--off' : ''}`} onClick={() => index > 0 && onMove(-1)}>
          上移
        </Text>
        <Text
          className={`lesson__op ${index === count - 1 ? 'lesson__op--off' : ''}`}
          onClick={() => index < count - 1 && onMove(1)}
        >
          下移
        </Text>
        <Text
          className={`lesson__op lesson__op--danger ${count === 1 ? 'lesson__op--off' : ''}`}
          onClick={() => count > 1 && onRemove()}
        >
          删除
        </Text>
      </View>
      <View className="cell">
        <Text className="cell__label">标题</Text>
        <Input
          className="input cell__body"
          value={lesson.title}
          maxlength={60}
          placeholder="这节课讲什么"
          onInput={(e) => onChange({ title: e.detail.value })}
          data-testid="lesson-title"
        />
      </View>
      <View className="money-area">
        <Textarea
          className="textarea"
          value={lesson.body}
          maxlength={-1}
          placeholder="正文"
          autoHeight
          onInput={(e) => onChange({ body: e.detail.value })}
        />
        <CharCount text={lesson.body} max={LIMITS.postChars} testid="lesson-body-count" />
      </View>
      <View className="lesson__images">
        {lesson.images.map((id, i) => (
          <View key={id + i} className="lesson__img">
            <Image className="lesson__img-pic" src={fileUrl(id)} mode="aspectFill" />
            <View
              className="lesson__img-x"
              onClick={() => onChange({ images: lesson.images.filter((_, j) => j !== i) })}
            >
              ×
            </View>
          </View>
        ))}
        {lesson.images.length < LIMITS.postImages ? (
          <View className="lesson__img" onClick={() => void addImages()}>
            {progress !== null ? <Text style={{ fontSize: '13px' }}>{progress}%</Text> : '＋'}
          </View>
        ) : null}
      </View>
      <View className="cell">
        <Text className="cell__label">视频链接</Text>
        <Input
          className="input cell__body"
          value={lesson.videoUrl}
          placeholder="选填，https://…"
          onInput={(e) => onChange({ videoUrl: e.detail.value })}
        />
      </View>
      <View className="cell">
        <Text className="cell__body">免费试看</Text>
        <Switch checked={lesson.free} color="#07C160" onChange={(e) => onChange({ free: e.detail.value })} />
      </View>
    </View>
  )
}

function CourseForm({
  circleId,
  courseId,
  initial,
  onSaved,
}: {
  circleId: string
  courseId?: string
  initial: CourseDraft
  onSaved: (c: CourseView) => void
}) {
  const saveCourse = useWalletStore((s) => s.saveCourse)
  const [d, setD] = useState<CourseDraft>(initial)
  const [error, setError] = useState('')
  const [coverProgress, setCoverProgress] = useState<number | null>(null)
  const set = <K extends keyof CourseDraft>(k: K, v: CourseDraft[K]) => {
    setD((old) => ({ ...old, [k]: v }))
    setError('')
  }
  const setLessons = (fn: (ls: LessonDraft[]) => LessonDraft[]) => {
    setD((old) => ({ ...old, lessons: fn(old.lessons) }))
    setError('')
  }

  const priceFen = parseYuanToFen(d.price)
  const discountBps = parsePercentToBps(d.discount || '0')

  const saveAction = useSubmit(
    async () => {
      const r = courseInputOf(circleId, courseId, d)
      if ('problem' in r) {
        setError(r.problem)
        return
      }
      onSaved(await saveCourse(r.input))
    },
    { onError: (e) => setError(e.message) },
  )
  const save = saveAction.run
  const busy = saveAction.busy

  return (
    <View>
      <View className="cells__title">课程信息</View>
      <View className="cells" style={{ marginTop: 0 }}>
        <View className="cell">
          <Text className="cell__label">课程名称</Text>
          <Input
            className="input cell__body"
            value={d.title}
            maxlength={40}
            placeholder="2–40 个字"
            onInput={(e) => set('title', e.detail.value)}
            data-testid="course-title"
          />
        </View>
        <View className="cell">
          <Text className="cell__label">封面</Text>
          <View className="cell__body">
            <View
              className="money-cover"
              onClick={async () => {
                const [id] = await pickAndUpload(1, setCoverProgress)
                if (id) set('coverUrl', id)
              }}
            >
              {d.coverUrl ? (
                <Image className="money-cover__img" src={fileUrl(d.coverUrl)} mode="aspectFill" />
              ) : coverProgress !== null ? (
                `${coverProgress}%`
              ) : (
                '＋'
              )}
            </View>
          </View>
          {d.coverUrl ? (
            <Text className="link" onClick={() => set('coverUrl', '')}>
              移除
            </Text>
          ) : null}
        </View>
        <View className="cell">
          <Text className="cell__label">价格</Text>
          <PriceInput
            className="input cell__body"
            value={d.price}
            placeholder="例如 49.9"
            onChange={(v) => set('price', v)}
            testid="course-price"
          />
          <Text className="money-unit">元</Text>
        </View>
        <View className="cell">
          <Text className="cell__label">成员优惠</Text>
          <Input
            className="input cell__body"
            type="digit"
            value={d.discount}
            placeholder="0 表示不优惠"
            onInput={(e) => set('discount', e.detail.value)}
            data-testid="course-discount"
          />
          <Text className="money-unit">% off</Text>
        </View>
      </View>
      {priceFen && discountBps ? (
        <View className="money-hint">
          圈子成员约 {formatFen(Math.round((priceFen * (10_000 - discountBps)) / 10_000))} 元（以服务端计算为准）
        </View>
      ) : null}
      <View className="cells">
        <View className="money-area">
          <Text className="muted">课程介绍</Text>
          <Textarea
            className="textarea"
            value={d.intro}
            maxlength={LIMITS.introChars}
            placeholder="适合谁、学到什么"
            autoHeight
            onInput={(e) => set('intro', e.detail.value)}
          />
        </View>
      </View>

      <View className="cells__title">课时（{d.lessons.length}）· 购买后永久可看，试看课时所有人可看</View>
      {d.lessons.map((l, i) => (
        <LessonCard
          key={l.key}
          index={i}
          count={d.lessons.length}
          lesson={l}
          onChange={(patch) => setLessons((ls) => ls.map((x, j) => (j === i ? { ...x, ...patch } : x)))}
          onMove={(delta) =>
            setLessons((ls) => {
              const next = [...ls]
              const [moved] = next.splice(i, 1)
              next.splice(i + delta, 0, moved)
              return next
            })
          }
          onRemove={() => setLessons((ls) => ls.filter((_, j) => j !== i))}
        />
      ))}
      {d.lessons.length < MAX_LESSONS ? (
        <View className="cells">
          <View className="cell" onClick={() => setLessons((ls) => [...ls, emptyLesson()])} data-testid="add-lesson">
            <Text className="cell__body link">＋ 添加课时</Text>
          </View>
        </View>
      ) : null}
      {error ? (
        <Text className="money-error" data-testid="course-error">
          {error}
        </Text>
      ) : null}
      <View className="footer-actions">
        <Button
          className={`btn btn--primary ${busy ? 'btn--disabled' : ''}`}
          disabled={busy}
          loading={busy}
          onClick={() => void save()}
          data-testid="save-course"
        >
          保存课程
        </Button>
      </View>
    </View>
  )
}

/** Creates a course (no courseId) or edits one with all its lessons. */
export function CourseEditor({
  circleId,
  courseId,
  onSaved,
}: {
  circleId: string
  courseId?: string
  onSaved: (c: CourseView) => void
}) {
  const state = useWalletStore(selectEditableCourse(courseId ?? ''))
  const loadCourseForEditing = useWalletStore((s) => s.loadCourseForEditing)

  useEffect(() => {
    if (courseId) void loadCourseForEditing(courseId)
  }, [courseId, loadCourseForEditing])

  if (!courseId) return <CourseForm circleId={circleId} initial={draftOf(null)} onSaved={onSaved} />
  const course = state.data
  if (!course || (state.status === 'loading' && !course)) {
    return state.status === 'error' ? (
      <StateView kind="error" error={state.error} onRetry={() => void loadCourseForEditing(courseId)} />
    ) : (
      <StateView kind="loading" />
    )
  }
  // Saving lessons the server sent locked (title only) would erase their content.
  if (course.lessons.some((l) => l.locked))
    return <StateView kind="empty" text="暂时无法读取课程的全部内容，请稍后再试" />
  return (
    <CourseForm key={course.id} circleId={circleId} courseId={course.id} initial={draftOf(course)} onSaved={onSaved} />
  )
}
