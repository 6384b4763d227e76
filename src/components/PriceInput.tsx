import { Input } from '@tarojs/components'

/**
 * A price field. In the mini-program the `digit` keypad has no minus, so nothing typed is lost; in
 * the H5 build Taro's `digit` input swallows a typed "-" (so "-50" became 50): there it is a plain
 * text field and parsePriceInput (core/money/pricing.ts) refuses the sign in words.
 */
export function PriceInput(props: {
  className?: string
  value: string
  placeholder?: string
  disabled?: boolean
  testid?: string
  onChange: (text: string) => void
}) {
  return (
    <Input
      className={props.className}
      type={process.env.TARO_ENV === 'h5' ? 'text' : 'digit'}
      value={props.value}
      placeholder={props.placeholder}
      disabled={props.disabled}
      onInput={(e) => props.onChange(e.detail.value)}
      data-testid={props.testid}
    />
  )
}
