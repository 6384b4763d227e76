/**
 * A text with the places a search keyword matched highlighted (docs/search.md). The ranges come
 * from the server (post.search) or from the same pure helper (core/search.ts matchRanges).
 */
import { Text } from '@tarojs/components'
import { highlightPieces } from '@core/search'
import './Highlighted.scss'

export function Highlighted({
  text,
  ranges,
  className,
}: {
  text: string
  ranges: [number, number][]
  className?: string
}) {
  return (
    <Text className={className}>
      {highlightPieces(text, ranges).map((p, i) =>
        p.hit ? (
          <Text key={i} className="search-hit" data-testid="search-hit">
            {p.text}
          </Text>
        ) : (
          <Text key={i}>{p.text}</Text>
        ),
      )}
    </Text>
  )
}
