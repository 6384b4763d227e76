import { useState } from 'react'
import { Button, Image, Input, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CircleProfile, CircleType, EntryMode } from '@core/contract'
import { PROFILE_DEFAULTS } from '@core/circle'
import { LIMITS } from '@core/limits'
import { fileUrl, toApiError, uploadImage } from '@/services/cloud'
import { CIRCLE_TYPE_LABELS, CIRCLE_TYPE_OPTIONS, ENTRY_MODE_LABELS, ENTRY_MODE_OPTIONS } from '@/utils/labels'
import { charCount, parseTagList } from '@/utils/text'
import './CircleForm.scss'
import { useSubmit } from '@/hooks/useSubmit'

export interface CircleFormValues extends CircleProfile {
  entryMode: EntryMode
}

export const EMPTY_CIRCLE_FORM: CircleFormValues = {
  name: '',
  type: 'interest',
  ...PROFILE_DEFAULTS,
  entryMode: 'free',
}

/** The first rule a form breaks, in words; null when it may be sent. */
export function checkCircleForm(v: CircleFormValues): string | null {
  const nameLen = charCount(v.name.trim())
  if (nameLen < LIMITS.circleNameMin || nameLen > LIMITS.circleNameMax)
    return `圈子名称为 ${LIMITS.circleNameMin}–${LIMITS.circleNameMax} 个字`
  if (charCount(v.intro) > LIMITS.introChars) return `圈子简介最多 ${LIMITS.introChars} 字`
  if (charCount(v.audience) > LIMITS.shortTextChars) return `目标成员最多 ${LIMITS.shortTextChars} 字`
  if (charCount(v.coreValue) > LIMITS.shortTextChars) return `核心价值最多 ${LIMITS.shortTextChars} 字`
  if (charCount(v.rules) > LIMITS.rulesChars) return `圈子规则最多 ${LIMITS.rulesChars} 字`
  if (charCount(v.welcome) > LIMITS.welcomeChars) return `入圈欢迎语最多 ${LIMITS.welcomeChars} 字`
  if (charCount(v.announcement) > LIMITS.announcementChars) return `公告最多 ${LIMITS.announcementChars} 字`
  if (v.tags.length > LIMITS.circleTags) return `最多 ${LIMITS.circleTags} 个标签`
  if (v.tags.some((t) => charCount(t) > LIMITS.tagChars)) return `每个标签最多 ${LIMITS.tagChars} 个字`
  return null
}

function ImageField({
  label,
  value,
  wide,
  onChange,
}: {
  label: string
  value: string
  wide?: boolean
  onChange: (fileID: string) => void
}) {
  const [progress, setProgress] = useState<number | null>(null)
  const pick = async () => {
    let path: string
    try {
      path = (await Taro.chooseImage({ count: 1, sizeType: ['compressed'] })).tempFilePaths[0]
    } catch {
      return
    }
    if (!path) return
    setProgress(0)
    try {
      onChange(await uploadImage(path, setProgress))
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setProgress(null)
    }
  }
  return (
    <View className="cell">
      <Text className="cell__label">{label}</Text>
      <View className="cell__body">
        <View className={`image-field ${wide ? 'image-field--wide' : ''}`} onClick={() => void pick()}>
          {value ? (
            <Image className="image-field__img" src={fileUrl(value)} mode="aspectFill" />
          ) : (
            <Text className="image-field__plus">＋</Text>
          )}
          {progress !== null ? <View className="image-field__mask">{progress}%</View> : null}
        </View>
      </View>
      {value && progress === null ? (
        <Text className="link" onClick={() => onChange('')}>
          移除
        </Text>
      ) : null}
    </View>
  )
}

function Chips<T extends string>({
  options,
  labels,
  value,
  onChange,
}: {
  options: readonly T[]
  labels: Record<T, string>
  value: T
  onChange: (v: T) => void
}) {
  return (
    <View className="circle-form__chips">
      {options.map((o) => (
        <Text
          key={o}
          className={`circle-form__chip ${o === value ? 'circle-form__chip--on' : ''}`}
          onClick={() => onChange(o)}
        >
          {labels[o]}
        </Text>
      ))}
    </View>
  )
}

function TextRow({
  label,
  value,
  max,
  placeholder,
  onChange,
}: {
  label: string
  value: string
  max: number
  placeholder: string
  onChange: (v: string) => void
}) {
  return (
    <View className="cell">
      <Text className="cell__label">{label}</Text>
      <Input
        className="input cell__body"
        value={value}
        maxlength={max}
        placeholder={placeholder}
        onInput={(e) => onChange(e.detail.value)}
      />
    </View>
  )
}

function AreaRow({
  label,
  value,
  max,
  placeholder,
  onChange,
}: {
  label: string
  value: string
  max: number
  placeholder: string
  onChange: (v: string) => void
}) {
  return (
    <View className="area-row">
      <Text className="area-row__label">{label}</Text>
      <Textarea
        className="textarea"
        value={value}
        maxlength={max}
        placeholder={placeholder}
        autoHeight
        onInput={(e) => onChange(e.detail.value)}
      />
      <Text className="area-row__count">
        {charCount(value)}/{max}
      </Text>
    </View>
  )
}

/**
 * The circle profile form. Creating asks for what a circle needs to open (entry mode included);
 * editing shows every field of CircleProfile (entry mode is fixed once a circle exists).
 */
export function CircleForm({
  mode,
  initial,
  submitText,
  onSubmit,
}: {
  mode: 'create' | 'edit'
  initial: CircleFormValues
  submitText: string
  onSubmit: (values: CircleFormValues) => Promise<void>
}) {
  const [v, setV] = useState<CircleFormValues>(initial)
  const [tagText, setTagText] = useState(initial.tags.join(' '))
  const set = <K extends keyof CircleFormValues>(k: K, value: CircleFormValues[K]) =>
    setV((old) => ({ ...old, [k]: value }))

  const submitAction = useSubmit(async () => {
    const values = { ...v, name: v.name.trim(), tags: parseTagList(tagText) }
    const problem = checkCircleForm(values)
    if (problem) {
      Taro.showToast({ title: problem, icon: 'none' })
      return
    }
    await onSubmit(values)
  })
  const submit = submitAction.run
  const busy = submitAction.busy

  return (
    <View>
      <View className="cells__title">基本信息</View>
      <View className="cells">
        <TextRow
          label="圈子名称"
          value={v.name}
          max={LIMITS.circleNameMax}
          placeholder={`${LIMITS.circleNameMin}–${LIMITS.circleNameMax} 个字`}
          onChange={(x) => set('name', x)}
        />
        <View className="cell">
          <Text className="cell__label">圈子类型</Text>
          <View className="cell__body">
            <Chips<CircleType>
              options={CIRCLE_TYPE_OPTIONS}
              labels={CIRCLE_TYPE_LABELS}
              value={v.type}
              onChange={(x) => set('type', x)}
            />
          </View>
        </View>
        {mode === 'create' ? (
          <View className="cell">
            <Text className="cell__label">入圈方式</Text>
            <View className="cell__body">
              <Chips<EntryMode>
                options={ENTRY_MODE_OPTIONS}
                labels={ENTRY_MODE_LABELS}
                value={v.entryMode}
                onChange={(x) => set('entryMode', x)}
              />
            </View>
          </View>
        ) : (
          <View className="cell">
            <Text className="cell__label">入圈方式</Text>
            <Text className="cell__value">{ENTRY_MODE_LABELS[v.entryMode]}</Text>
          </View>
        )}
        <ImageField label="头像" value={v.avatarUrl} onChange={(x) => set('avatarUrl', x)} />
        <ImageField label="封面" value={v.coverUrl} wide onChange={(x) => set('coverUrl', x)} />
      </View>
      {mode === 'create' && v.entryMode !== 'free' ? (
        <View className="form-hint">
          {v.entryMode === 'paid' ? '付费入圈即将开放：' : '审核入圈即将开放：'}圈子可以先建好，暂时还不能有人加入。
        </View>
      ) : null}

      <View className="cells">
        <AreaRow
          label="圈子简介"
          value={v.intro}
          max={LIMITS.introChars}
          placeholder="介绍一下这个圈子：聊什么、适合谁"
          onChange={(x) => set('intro', x)}
        />
      </View>

      {mode === 'edit' ? (
        <View>
          <View className="cells__title">圈子定位</View>
          <View className="cells">
            <TextRow
              label="目标成员"
              value={v.audience}
              max={LIMITS.shortTextChars}
              placeholder="例如：刚入行的产品经理"
              onChange={(x) => set('audience', x)}
            />
            <TextRow
              label="核心价值"
              value={v.coreValue}
              max={LIMITS.shortTextChars}
              placeholder="例如：每周一份行业拆解"
              onChange={(x) => set('coreValue', x)}
            />
            <View className="cell">
              <Text className="cell__label">标签</Text>
              <Input
                className="input cell__body"
                value={tagText}
                placeholder={`用空格分隔，最多 ${LIMITS.circleTags} 个`}
                onInput={(e) => setTagText(e.detail.value)}
              />
            </View>
          </View>
          <View className="cells__title">成员须知</View>
          <View className="cells">
            <AreaRow
              label="公告（置顶在动态上方）"
              value={v.announcement}
              max={LIMITS.announcementChars}
              placeholder="写给所有成员的公告"
              onChange={(x) => set('announcement', x)}
            />
          </View>
          <View className="cells">
            <AreaRow
              label="入圈欢迎语"
              value={v.welcome}
              max={LIMITS.welcomeChars}
              placeholder="新成员加入时看到的话"
              onChange={(x) => set('welcome', x)}
            />
          </View>
          <View className="cells">
            <AreaRow
              label="圈子规则"
              value={v.rules}
              max={LIMITS.rulesChars}
              placeholder="发言规范、禁止事项等"
              onChange={(x) => set('rules', x)}
            />
          </View>
          <View className="cells">
            <View className="cell">
              <Text className="cell__body">允许访客预览精华</Text>
              <Switch checked={v.allowPreview} color="#07C160" onChange={(e) => set('allowPreview', e.detail.value)} />
            </View>
          </View>
          <View className="form-hint">
            开启后，你从精华中选出的动态（最多 {LIMITS.previewPosts} 条）会展示在圈子介绍页。
          </View>
        </View>
      ) : null}

      <View className="footer-actions">
        <Button
          className={`btn btn--primary ${busy ? 'btn--disabled' : ''}`}
          disabled={busy}
          loading={busy}
          onClick={() => void submit()}
        >
          {submitText}
        </Button>
      </View>
    </View>
  )
}
