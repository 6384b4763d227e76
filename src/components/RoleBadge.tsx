import { Text } from '@tarojs/components'
import type { Role } from '@core/contract'
import { ROLE_LABELS } from '@/utils/labels'

export function RoleBadge({ role, hideMember }: { role: Role; hideMember?: boolean }) {
  if (hideMember && role === 'member') return null
  return <Text className={`badge badge--${role}`}>{ROLE_LABELS[role]}</Text>
}
