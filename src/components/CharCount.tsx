import { Text, View } from '@tarojs/components'
import { charCount } from '@/utils/text'
import './CharCount.scss'

/** How far a text is over its limit (0 when it fits), counted as the server counts. */
export function charsOver(text: string, max: number): number {
  return Math.max(0, charCount(text) - max)
}

/**
 * The live count under a long text field, and a plain refusal once it is over the limit. Text
 * fields using it do not cut at the limit (a paste keeps every character): the writer sees how
 * much to remove and the send button stays off, so nothing is ever published cut short.
 */
export function CharCount({ text, max, testid = 'char-count' }: { text: string; max: number; testid?: string }) {
  const count = charCount(text)
  const over = count - max
  return (
    <View className="char-count">
      <Text className={`char-count__n ${over > 0 ? 'char-count__n--over' : ''}`} data-testid={testid}>
        {count}/{max}
      </Text>
      {over > 0 ? (
        <View className="char-count__over" data-testid={`${testid}-over`}>
          超出 {over} 字，最多 {max} 字，请删减后再发布
        </View>
      ) : null}
    </View>
  )
}
