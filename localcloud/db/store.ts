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

export class Collection {
  readonly entries = new Map<string, Entry>()
  private readonly unique: UniqueIndex[]
  /** Bumped on every change so the persistence layer knows what to write. */
  changeCount = 0
  /**
   * Versions come from one counter per collection, so a document deleted and re-inserted never
   * gets back a version a transaction has already seen.
   */
  private clock = 0

  constructor(readonly spec: CollectionSpec) {
    this.unique = (spec.indexes ?? []).filter((i) => i.unique).map((i) => new UniqueIndex(i, spec.name))
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
      if (doc) {
        this.entries.set(id, { doc, version: ++this.clock })
      } else {
        this.entries.delete(id)
      }
    }
    for (const [, doc] of next) if (doc) for (const index of this.unique) index.add(doc)
    this.changeCount++
  }

  /** Loads documents from disk without checks (they were checked when written). */
  load(docs: PlainDoc[]): void {
    for (const doc of docs) {
      this.entries.set(doc._id as string, { doc, version: ++this.clock })
      for (const index of this.unique) index.add(doc)
    }
  }

  clear(): void {
    this.entries.clear()
    for (const index of this.unique) index.clear()
    this.changeCount++
  }

  docs(): PlainDoc[] {
    const out: PlainDoc[] = new Array(this.entries.size)
    let i = 0
    for (const entry of this.entries.values()) out[i++] = entry.doc
    return out
  }
}
