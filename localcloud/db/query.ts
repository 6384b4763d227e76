// Query translation. The SDK already speaks MongoDB: `where({ a: { b: 1 } })` arrives flattened to
// `{"a.b":1}`, `_.gt(2).and(_.lt(5))` as `$and`, `db.RegExp` as a regular expression. mingo
// evaluates it with MongoDB semantics (Dates compare as dates, missing fields as null).
import { Query } from 'mingo'
import type { Plain, PlainDoc } from './ejson'
import { isPlainObject } from './ejson'
import { invalidParam } from './errors'

export type Filter = Record<string, Plain>
export type SortSpec = Record<string, 1 | -1>
export type Projection = Record<string, Plain>

export interface CompiledFilter {
  /** When the filter pins `_id` to one or a few values, the store can use its `_id` map. */
  ids: string[] | null
  test(doc: PlainDoc): boolean
}

const MATCH_ALL: CompiledFilter = { ids: null, test: () => true }

function idsOf(filter: Filter): string[] | null {
  const id = filter._id
  if (typeof id === 'string') return [id]
  if (isPlainObject(id)) {
    const keys = Object.keys(id)
    if (keys.length === 1 && typeof id.$eq === 'string') return [id.$eq]
    if (keys.length === 1 && Array.isArray(id.$in) && id.$in.every((v) => typeof v === 'string')) {
      return id.$in as string[]
    }
  }
  return null
}

export function compileFilter(filter: Filter | null | undefined): CompiledFilter {
  if (!filter || Object.keys(filter).length === 0) return MATCH_ALL
  let query: Query
  try {
    query = new Query(filter)
  } catch (e) {
    throw invalidParam(`invalid query: ${(e as Error).message}`)
  }
  const ids = idsOf(filter)
  // With `{_id: x}` alone the id lookup already decides; other keys still need the predicate.
  if (ids && Object.keys(filter).length === 1) return { ids, test: () => true }
  return { ids, test: (doc) => query.test(doc) }
}

export function validateSort(order: Plain): SortSpec {
  if (!isPlainObject(order)) throw invalidParam('order must be an object')
  const spec: SortSpec = {}
  for (const [field, dir] of Object.entries(order)) {
    if (dir !== 1 && dir !== -1) throw invalidParam(`order direction of ${field} must be 1 or -1`)
    spec[field] = dir
  }
  return spec
}

/** Sort, skip, limit and project with mingo's cursor (MongoDB's cross-type ordering). */
export function arrange(
  docs: PlainDoc[],
  opts: { sort?: SortSpec; offset?: number; limit?: number; projection?: Projection },
): PlainDoc[] {
  const hasProjection = opts.projection && Object.keys(opts.projection).length > 0
  if (!opts.sort && !hasProjection) {
    const start = opts.offset ?? 0
    return docs.slice(start, opts.limit === undefined ? undefined : start + opts.limit)
  }
  // As MongoDB: sort, skip and limit on the documents, then project only the page (projecting
  // every match first made a page of a large collection cost a copy of each match).
  let cursor = new Query({}).find<PlainDoc>(docs)
  if (opts.sort && Object.keys(opts.sort).length > 0) cursor = cursor.sort(opts.sort)
  if (opts.offset) cursor = cursor.skip(opts.offset)
  if (opts.limit !== undefined) cursor = cursor.limit(opts.limit)
  try {
    const page = cursor.all()
    return hasProjection ? new Query({}).find<PlainDoc>(page, opts.projection as never).all() : page
  } catch (e) {
    throw invalidParam(`invalid projection or order: ${(e as Error).message}`)
  }
}
