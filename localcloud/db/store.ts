// One collection in memory: documents by `_id` (a Map keeps insertion order, which stands in for
// MongoDB's natural order) and the unique indexes the project declares. Every committed change
// bumps the document's version; transactions compare versions to detect conflicts.
import { encode, type Plain, type PlainDoc } from './ejson'
import { duplicateKey } from './errors'

// The emulator reads the project's own declarations (cloudfunctions/runtime/schema.ts).
import type { CollectionSpec, IndexSpec } from '../../cloudfunctions/runtime/schema'

export type { CollectionSpec, IndexSpec }

export interface Entry {
  doc: PlainDoc
  version: number
  /** Insertion order (kept across updates): the natural order a narrowed scan restores. */
  seq: number
}

function valueAt(doc: PlainDoc, path: string): Plain | undefined {
  let current: Plain | undefined = doc
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || current instanceof Date || current instanceof RegExp) {
      return undefined
    }
    current = Array.isArray(current) ? current[Number(part)] : (current as Record<string, Plain>)[part]
  }
  return current
}

class UniqueIndex {
  private readonly owners = new Map<string, string>()
  private readonly fields: string[]

  constructor(
    readonly spec: IndexSpec,
    private readonly collection: string,
  ) {
    this.fields = Object.keys(spec.fields)
  }

  /** Like MongoDB, a missing field indexes as null: two documents both lacking it collide. */
  keyOf(doc: PlainDoc): { key: string; shown: Record<string, Plain> } {
    const shown: Record<string, Plain> = {}
    for (const field of this.fields) shown[field] = valueAt(doc, field) ?? null
    return { key: encode(this.fields.map((f) => shown[f])), shown }
  }

  /** Throws when `doc` would take a key owned by another document. */
  check(doc: PlainDoc, ignoreIds: ReadonlySet<string> = new Set()): void {
    const { key, shown } = this.keyOf(doc)
    const owner = this.owners.get(key)
    if (owner !== undefined && owner !== doc._id && !ignoreIds.has(owner)) {
      throw duplicateKey(this.collection, this.spec.name, shown)
    }
  }

  add(doc: PlainDoc): void {
    this.owners.set(this.keyOf(doc).key, doc._id as string)
  }

  remove(doc: PlainDoc): void {
    const { key } = this.keyOf(doc)
    if (this.owners.get(key) === doc._id) this.owners.delete(key)
  }

  clear(): void {
    this.owners.clear()
  }
}

/**
 * Postings of one top-level field of a declared index: each string value (or string element of an
 * array value, MongoDB's multikey entries) → the ids holding it. They only narrow which documents
 * a query tests (the full filter still decides), so a search over 100 000 posts walks the posts of
 * one bigram, as CloudBase's multikey index does, instead of all of them.
 */
class Postings {
  readonly byValue = new Map<string, Set<string>>()

  constructor(readonly field: string) {}

  private valuesOf(doc: PlainDoc): string[] {
    const v = doc[this.field]
    if (typeof v === 'string') return [v]
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string')
    return []
  }

  add(doc: PlainDoc): void {
    for (const value of this.valuesOf(doc)) {
      let ids = this.byValue.get(value)
      if (!ids) this.byValue.set(value, (ids = new Set()))
      ids.add(doc._id as string)
    }
  }

  remove(doc: PlainDoc): void {
    for (const value of this.valuesOf(doc)) {
      const ids = this.byValue.get(value)
      if (!ids) continue
      ids.delete(doc._id as string)
      if (ids.size === 0) this.byValue.delete(value)
    }
  }

  clear(): void {
    this.byValue.clear()
  }
}

export class Collection {
  readonly entries = new Map<string, Entry>()
  private readonly unique: UniqueIndex[]
  /** By field: postings of the top-level fields named in declared non-unique indexes. */
  readonly postings = new Map<string, Postings>()
  private seq = 0
  /** Bumped on every change so the persistence layer knows what to write. */
  changeCount = 0
  /**
   * Versions come from one counter per collection, so a document deleted and re-inserted never
   * gets back a version a transaction has already seen.
   */
  private clock = 0

  constructor(readonly spec: CollectionSpec) {
    this.unique = (spec.indexes ?? []).filter((i) => i.unique).map((i) => new UniqueIndex(i, spec.name))
    for (const index of spec.indexes ?? []) {
      if (index.unique) continue
      for (const field of Object.keys(index.fields))
        if (field !== '_id' && !field.includes('.')) this.postings.set(field, new Postings(field))
    }
  }

  get name(): string {
    return this.spec.name
  }

  get(id: string): Entry | undefined {
    return this.entries.get(id)
  }

  versionOf(id: string): number {
    return this.entries.get(id)?.version ?? 0
  }

  /**
   * Checks a batch of writes against `_id` and the unique indexes as if applied together:
   * `next` maps `_id` → new document (or null for a delete).
   */
  checkWrites(next: ReadonlyMap<string, PlainDoc | null>, inserts: ReadonlySet<string>): void {
    for (const id of inserts) {
      if (this.entries.has(id)) throw duplicateKey(this.name, '_id_', { _id: id })
    }
    if (this.unique.length === 0) return
    const replaced = new Set(next.keys())
    for (const index of this.unique) {
      const taken = new Map<string, string>()
      for (const [id, doc] of next) {
        if (!doc) continue
        index.check(doc, replaced)
        const { key, shown } = index.keyOf(doc)
        const other = taken.get(key)
        if (other !== undefined && other !== id) throw duplicateKey(this.name, index.spec.name, shown)
        taken.set(key, id)
      }
    }
  }

  /** Applies already checked writes. */
  apply(next: ReadonlyMap<string, PlainDoc | null>): void {
    for (const [id, doc] of next) {
      const previous = this.entries.get(id)
      if (previous) for (const index of this.unique) index.remove(previous.doc)
      if (previous) for (const p of this.postings.values()) p.remove(previous.doc)
      if (doc) {
        this.entries.set(id, { doc, version: ++this.clock, seq: previous?.seq ?? ++this.seq })
      } else {
        this.entries.delete(id)
      }
    }
    for (const [, doc] of next) {
      if (!doc) continue
      for (const index of this.unique) index.add(doc)
      for (const p of this.postings.values()) p.add(doc)
    }
    this.changeCount++
  }

  /** Loads documents from disk without checks (they were checked when written). */
  load(docs: PlainDoc[]): void {
    for (const doc of docs) {
      const previous = this.entries.get(doc._id as string)
      if (previous) for (const p of this.postings.values()) p.remove(previous.doc)
      this.entries.set(doc._id as string, { doc, version: ++this.clock, seq: previous?.seq ?? ++this.seq })
      for (const index of this.unique) index.add(doc)
      for (const p of this.postings.values()) p.add(doc)
    }
  }

  clear(): void {
    this.entries.clear()
    for (const index of this.unique) index.clear()
    for (const p of this.postings.values()) p.clear()
    this.changeCount++
  }

  /**
   * The ids that can match `filter`, from the postings of its top-level string equality or `$all`
   * conditions (the smallest set), or null when no condition narrows it. A superset of the
   * matches: the caller tests each.
   */
  candidates(filter: Record<string, Plain>): string[] | null {
    let best: Set<string> | null = null
    const consider = (field: string, cond: Plain) => {
      const p = this.postings.get(field)
      if (!p) return
      let value: string | null = null
      if (typeof cond === 'string') value = cond
      else if (
        cond &&
        typeof cond === 'object' &&
        !Array.isArray(cond) &&
        !(cond instanceof Date) &&
        !(cond instanceof RegExp)
      ) {
        const ops = cond as Record<string, Plain>
        if (typeof ops.$eq === 'string') value = ops.$eq
        else if (Array.isArray(ops.$all) && typeof ops.$all[0] === 'string') value = ops.$all[0]
      }
      if (value === null) return
      const ids = p.byValue.get(value) ?? new Set<string>()
      if (!best || ids.size < best.size) best = ids
    }
    const visit = (f: Record<string, Plain>) => {
      for (const [key, cond] of Object.entries(f)) {
        if (key === '$and' && Array.isArray(cond)) {
          for (const part of cond)
            if (part && typeof part === 'object' && !Array.isArray(part)) visit(part as Record<string, Plain>)
        } else if (!key.startsWith('$')) consider(key, cond)
      }
    }
    visit(filter)
    if (!best) return null
    // natural (insertion) order, as a full scan would give
    return [...(best as Set<string>)].sort((a, b) => this.entries.get(a)!.seq - this.entries.get(b)!.seq)
  }

  docs(): PlainDoc[] {
    const out: PlainDoc[] = new Array(this.entries.size)
    let i = 0
    for (const entry of this.entries.values()) out[i++] = entry.doc
    return out
  }
}
