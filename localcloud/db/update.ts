// Update semantics of modifyDocument. The SDK sends `merge: true` with MongoDB update operators
// (plain fields are already wrapped in `$set` with dot paths; `_.inc` → `$inc`, `_.push` →
// `$push: {$each}`, `_.remove()` → `$unset`), and `merge: false` (doc.set) with a whole
// replacement document. mingo applies the operators with MongoDB's rules, including refusing two
// operators on conflicting paths.
import { update as mingoUpdate } from 'mingo'
import { clone, encode, isPlainObject, type Plain, type PlainDoc } from './ejson'
import { invalidParam } from './errors'

const ALLOWED = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$pull',
  '$pullAll',
  '$pop',
  '$addToSet',
  '$rename',
  '$currentDate',
  '$bit',
])

export interface UpdateOutcome {
  doc: PlainDoc
  changed: boolean
}

function touchesId(path: string): boolean {
  return path === '_id' || path.startsWith('_id.')
}

/** Normalises `data` into an operator document: bare fields (sent with `raw`) become `$set`. */
export function toModifier(data: Plain): Record<string, Record<string, Plain>> {
  if (!isPlainObject(data)) throw invalidParam('update data must be an object')
  const modifier: Record<string, Record<string, Plain>> = {}
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith('$')) {
      if (!ALLOWED.has(key)) throw invalidParam(`unknown update operator ${key}`)
      if (!isPlainObject(value)) throw invalidParam(`${key} takes an object`)
      modifier[key] = { ...(modifier[key] ?? {}), ...value }
    } else {
      modifier.$set = { ...(modifier.$set ?? {}), [key]: value }
    }
  }
  for (const fields of Object.values(modifier)) {
    for (const path of Object.keys(fields))
      if (touchesId(path)) throw invalidParam('不能更新_id的值 (cannot update _id)')
  }
  return modifier
}

export function applyOperators(current: PlainDoc, data: Plain): UpdateOutcome {
  const modifier = toModifier(data)
  const next = clone(current)
  try {
    const changedPaths = mingoUpdate(next, modifier as never, undefined, undefined, { cloneMode: 'deep' })
    return { doc: next, changed: changedPaths.length > 0 }
  } catch (e) {
    throw invalidParam(`invalid update: ${(e as Error).message}`)
  }
}

/** doc.set: the document becomes `data`, keeping its `_id`. */
export function replaceDocument(id: string, current: PlainDoc | null, data: Plain): UpdateOutcome {
  if (!isPlainObject(data)) throw invalidParam('set data must be an object')
  for (const key of Object.keys(data)) {
    if (key.startsWith('$')) throw invalidParam(`set data cannot contain operator ${key}`)
  }
  if ('_id' in data && data._id !== id) throw invalidParam('不能更新_id的值 (cannot update _id)')
  const doc: PlainDoc = { _id: id, ...clone(data) }
  doc._id = id
  return { doc, changed: current === null || encode(current) !== encode(doc) }
}
