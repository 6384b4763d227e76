import { useEffect } from 'react'
import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { LIMITS } from '@core/limits'
import { useSignedIn } from '@/hooks/useSignedIn'
import { toApiError } from '@/services/cloud'
import { selectCanSubmitPost, selectCompose, useAppStore } from '@/store'
import { charCount } from '@/utils/text'
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

  useEffect(() => {
    if (circleId) startCompose(circleId)
  }, [circleId, startCompose])

  const room = LIMITS.postImages - compose.images.length
  const uploading = compose.images.filter((i) => i.status === 'uploading')
  const failed = compose.images.some((i) => i.status === 'error')
  const textLength = charCount(compose.text)

  const chooseImages = async () => {
    try {
      const r = await Taro.chooseImage({ count: room, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
      await addComposeImages(r.tempFilePaths)
    } catch {
      // The person closed the picker.
    }
  }

  const submit = async () => {
    try {
      await submitPost()
      Taro.showToast({ title: '已发布', icon: 'success' })
      setTimeout(() => void Taro.navigateBack(), 400)
    } catch (e) {
      Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    }
  }

  const overall = uploading.length
    ? Math.round(compose.images.reduce((sum, i) => sum + (i.status === 'done' ? 100 : i.progress), 0) / compose.images.length)
    : 100

  return (
    <View className='page compose'>
      <View className='compose__box'>
        <Textarea
          className='compose__text'
          value={compose.text}
          maxlength={LIMITS.postChars}
          placeholder='分享新鲜事…  用 #标签 给动态分类'
          autoHeight
          onInput={(e) => editComposeText(e.detail.value)}
        />
        <View className='compose__count'>
          {textLength}/{LIMITS.postChars}
        </View>
        <View className='compose__images'>
          {compose.images.map((img) => (
            <View key={img.key} className='compose__img-wrap'>
              <Image className='compose__img' src={img.localPath} mode='aspectFill' />
              {img.status === 'uploading' ? <View className='compose__mask'>{img.progress}%</View> : null}
              {img.status === 'error' ? (
                <View className='compose__mask compose__mask--error' onClick={() => void retryComposeImage(img.key)}>
                  上传失败{'\n'}点击重试
                </View>
              ) : null}
              <View className='compose__del' onClick={() => removeComposeImage(img.key)}>
                ×
              </View>
            </View>
          ))}
          {room > 0 ? (
            <View className='compose__add' onClick={() => void chooseImages()}>
              <Text className='compose__plus'>＋</Text>
              <Text className='compose__add-hint'>
                {compose.images.length}/{LIMITS.postImages}
              </Text>
            </View>
          ) : null}
        </View>
      </View>

      {uploading.length > 0 ? (
        <View className='compose__progress'>
          <View className='compose__bar'>
            <View className='compose__bar-fill' style={{ width: `${overall}%` }} />
          </View>
          <Text className='muted'>正在上传 {uploading.length} 张图片…</Text>
        </View>
      ) : null}
      {failed ? <View className='compose__warn'>有图片上传失败，点击图片重试或删除后再发布</View> : null}
      {compose.error ? <View className='compose__warn'>{compose.error.message}</View> : null}

      <View className='footer-actions'>
        <Button
          className={`btn btn--primary ${canSubmit ? '' : 'btn--disabled'}`}
          disabled={!canSubmit}
          loading={compose.submitting}
          onClick={() => void submit()}
        >
          发布
        </Button>
      </View>
    </View>
  )
}
