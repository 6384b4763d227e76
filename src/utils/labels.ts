import type { CircleType, EntryMode, Role } from '@core/contract'

export const CIRCLE_TYPE_LABELS: Record<CircleType, string> = {
  interest: '兴趣',
  product: '产品',
  knowledge: '知识',
  resource: '资源',
}

export const CIRCLE_TYPE_OPTIONS: CircleType[] = ['interest', 'product', 'knowledge', 'resource']

export const ENTRY_MODE_LABELS: Record<EntryMode, string> = {
  free: '免费加入',
  approval: '审核加入',
  paid: '付费加入',
}

export const ENTRY_MODE_OPTIONS: EntryMode[] = ['free', 'approval', 'paid']

export const ROLE_LABELS: Record<Role, string> = {
  owner: '圈主',
  partner: '合伙人',
  admin: '管理员',
  guest: '嘉宾',
  member: '成员',
}
