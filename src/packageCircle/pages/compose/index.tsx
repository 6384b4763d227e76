import { useEffect } from 'react'
import { Button, Image, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { CONTENT_LIMITS, LIMITS } from '@core/limits'
import { previewType } from '@core/content'
import { pickFiles } from '@/services/files'
import { formatBytes } from '../../components/FileList'
import { useSignedIn } from '@/hooks/useSignedIn'
import { toApiError } from '@/services/cloud'
import { selectCanSubmitPost, selectCompose, useAppStore } from '@/store'
import { selectPublishStatus, useCircleModerationStore } from '../../moderation'
import { CharCount } from '@/components/CharCount'
import './index.scss'

export default function ComposePage() {
  const circleId = useRouter().params.circleId ?? ''
  useSignedIn()
  const compose = useAppStore(selectCompose)
  const canSubmit = useAppStore(selectCanSubmitPost)
  const startCompose = useAppStore((s) => s.startCompose)
  const editComposeText = useAppStore((s) => s.editComposeText)
  const addComposeImages = useAppStore((s) => s.addComposeImages)
  const retryComposeImage = useAppStore((s) => s.retryComposeImage)
  const removeComposeImage = useAppStore((s) => s.removeComposeImage)
  const submitPost = useAppStore((s) => s.submitPost)
  const addComposeFiles = useAppStore((s) => s.addComposeFiles)
  const retryComposeFile = useAppStore((s) => s.retryComposeFile)
  const removeComposeFile = useAppStore((s) => s.removeComposeFile)
  const toggleComposeFileNoDownload = useAppStore((s) => s.toggleComposeFileNoDownload)

  useEffect(() => {
    if (circleId) startCompose(circleId)
  }, [circleId, startCompose])

  // moderation: a muted member (or mute-all, quiet hours, new members) sees why before typing
  const publishStatus = useCircleModerationStore(selectPublishStatus(circleId))
  const loadPublishStatus = useCircleModerationStore((s) => s.loadPublishStatus)
  useEffect(() => {
    if (circleId) void loadPublishStatus(circleId)
  }, [circleId, loadPublishStatus])
  const blocked = publishStatus?.block ?? null

  const room = LIMITS.postImages - compose.images.length
  const uploading = compose.images.filter((i) => i.status === 'uploading')
  const failed = compose.images.some((i) => i.status === 'error')

  const chooseImages = async () => {
    try {
      const r = await Taro.chooseImage({ count: room, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
      await addComposeImages(r.tempFilePaths)
    } catch {
      // The person closed the picker.
    }
  }

  const fileRoom = CONTENT_LIMITS.postFiles - compose.files.length
  const chooseFiles = async () => {
    const picked = await pickFiles(fileRoom)
    const tooBig = picked.filter((f) => f.size > CONTENT_LIMITS.fileBytes)
    if (tooBig.length)
      Taro.showToast({ title: `单个附件不能超过 ${formatBytes(CONTENT_LIMITS.fileBytes)}`, icon: 'none' })
    await addComposeFiles(picked.filter((f) => f.size <= CONTENT_LIMITS.fileBytes))
  }

  const submit = async () => {
    try {
      const post = await submitPost()
      // content security held it for the team (docs/content-security.md)
      if (post.status === 'held') {
        await Taro.showModal({
          title: '已提交审核',
          content: '内容需要圈子管理员审核，通过后所有成员可见。审核结果会通知你。',
          showCancel: false,
        })
        void Taro.navigateBack()
        return
      }
      Taro.showToast({ title: '已发布', icon: 'success' })
      setTimeout(() => void Taro.navigateBack(), 400)
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  const overall = uploading.length
    ? Math.round(
        compose.images.reduce((sum, i) => sum + (i.status === 'done' ? 100 : i.progress), 0) / compose.images.length,
      )
    : 100

  return (
    <View className="page compose">
      {blocked ? (
        <View className="compose__warn" data-testid="publish-blocked">
          {blocked.message}
        </View>
      ) : null}
      <View className="compose__box">
        <Textarea
          className="compose__text"
          value={compose.text}
          // never cut a paste at the limit: CharCount says what is over and 发布 waits for the edit
          maxlength={-1}
          placeholder="分享新鲜事…  用 #标签 给动态分类"
          autoHeight
          onInput={(e) => editComposeText(e.detail.value)}
        />
        <CharCount text={compose.text} max={LIMITS.postChars} testid="compose-count" />
        <View className="compose__images">
          {compose.images.map((img) => (
            <View key={img.key} className="compose__img-wrap">
              <Image className="compose__img" src={img.localPath} mode="aspectFill" />
              {img.status === 'uploading' ? <View className="compose__mask">{img.progress}%</View> : null}
              {img.status === 'error' ? (
                <View className="compose__mask compose__mask--error" onClick={() => void retryComposeImage(img.key)}>
                  上传失败{'\n'}点击重试
                </View>
              ) : null}
              <View className="compose__del" onClick={() => removeComposeImage(img.key)}>
                ×
              </View>
            </View>
          ))}
          {room > 0 ? (
            <View className="compose__add" onClick={() => void chooseImages()}>
              <Text className="compose__plus">＋</Text>
              <Text className="compose__add-hint">
                {compose.images.length}/{LIMITS.postImages}
              </Text>
            </View>
          ) : null}
        </View>
      </View>

      <View className="cells">
        <View className="cells__title">
          附件 {compose.files.length}/{CONTENT_LIMITS.postFiles}（开启「禁止下载」后成员只能在小程序内预览）
        </View>
        {compose.files.map((f) => (
          <View key={f.key} className="cell compose__file" data-testid="compose-file">
            <View className="cell__body">
              <Text className="compose__file-name">{f.name}</Text>
              <Text className="muted compose__file-meta">
                {formatBytes(f.sizeBytes)}
                {f.status === 'uploading' ? ` · 上传中 ${f.progress}%` : ''}
              </Text>
              {f.status === 'error' ? (
                <Text className="compose__file-error" onClick={() => void retryComposeFile(f.key)}>
                  上传失败，点击重试
                </Text>
              ) : null}
            </View>
            {previewType(f.name) ? (
              <View className="compose__file-lock">
                <Text className="muted">禁止下载</Text>
                <Switch checked={f.noDownload} color="#07C160" onChange={() => toggleComposeFileNoDownload(f.key)} />
              </View>
            ) : null}
            <Text className="compose__file-del" onClick={() => removeComposeFile(f.key)}>
              删除
            </Text>
          </View>
        ))}
        {fileRoom > 0 ? (
          <View className="cell" onClick={() => void chooseFiles()} data-testid="add-file">
            <Text className="cell__body link">＋ 添加附件（PDF、Word、Excel、PPT 等）</Text>
          </View>
        ) : null}
      </View>

      {uploading.length > 0 ? (
        <View className="compose__progress">
          <View className="compose__bar">
            <View className="compose__bar-fill" style={{ width: `${overall}%` }} />
          </View>
          <Text className="muted">正在上传 {uploading.length} 张图片…</Text>
        </View>
      ) : null}
      {failed ? <View className="compose__warn">有图片上传失败，点击图片重试或删除后再发布</View> : null}
      {compose.error ? <View className="compose__warn">{compose.error.message}</View> : null}

      <View className="footer-actions">
        <Button
          className={`btn btn--primary ${canSubmit && !blocked ? '' : 'btn--disabled'}`}
          disabled={!canSubmit || !!blocked}
          loading={compose.submitting}
          onClick={() => void submit()}
        >
          发布
        </Button>
      </View>
    </View>
  )
}
