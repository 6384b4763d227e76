// The strict local CloudBase database: answers the `database.*` actions wx-server-sdk sends (see
// docs/local-database.md). It refuses what CloudBase refuses: unknown collections, `where` inside a
// transaction, more than 1000 records in one get, duplicate `_id`, unique-index violations,
// non-string `_id`; and transactions conflict when they touched a document someone else changed.
import { randomBytes } from 'node:crypto'
import { aggregate as mingoAggregate } from 'mingo'
import { clone, decode, encode, fromWireValue, isPlainObject, type Plain, type PlainDoc } from './ejson'
import {
  collectionAlreadyExist,
  collectionNotExist,
  duplicateKey,
  invalidParam,
  isDbError,
  requestFailed,
} from './errors'
import { Persistence } from './persistence'
import { arrange, compileFilter, validateSort, type Filter, type Projection, type SortSpec } from './query'
import { Collection, type CollectionSpec } from './store'
import { Transaction, TransactionManager } from './transactions'
import { applyOperators, replaceDocument } from './update'

/** CloudBase returns at most 1000 records per get; the SDK defaults to 100. */
export const MAX_LIMIT = 1000
export const DEFAULT_LIMIT = 100

export interface DatabaseOptions {
  /** Folder for one JSON file per collection; omit for memory only. */
  dataDir?: string
  /** Clock for `serverDate`. */
  now: () => Date
  /** Collections that exist from the start, with their indexes. */
  collections: CollectionSpec[]
}

/** Wire parameters of one `database.*` action (the JSON body the SDK posts, minus envelope fields). */
export type ActionParams = Record<string, unknown>

export interface LocalDatabase {
  /** Answers one SDK action (`getDocument` or `database.getDocument`); throws DbError when refused. */
  handle(action: string, params: ActionParams): Promise<Record<string, unknown>>
  /** Seeding: inserts one document with the same checks as the SDK path; returns its `_id`. */
  insert(collection: string, doc: Record<string, unknown>): string
  insertMany(collection: string, docs: Record<string, unknown>[]): string[]
  /** Test access: copies of matching documents (MongoDB query syntax, Dates as Dates). */
  find(collection: string, query?: Record<string, unknown>): PlainDoc[]
  count(collection: string, query?: Record<string, unknown>): number
  collectionNames(): string[]
  /** SDK actions answered, by short name (`getDocument`, `modifyDocument`, …). */
  callCounts(): Record<string, number>
  resetCallCounts(): void
  totalCalls(): number
  flush(): Promise<void>
  /** Empties every collection (and its file); collections added at runtime disappear. */
  wipe(): Promise<void>
  close(): Promise<void>
}

const newId = () => randomBytes(16).toString('hex')

function str(params: ActionParams, key: string): string | undefined {
  const value = params[key]
  return typeof value === 'string' ? value : undefined
}

function checkId(id: Plain | undefined): string {
  if (typeof id !== 'string' || id.length === 0) throw invalidParam('_id must be a non-empty string')
  return id
}

class Database implements LocalDatabase {
  private readonly collections = new Map<string, Collection>()
  private readonly specs: CollectionSpec[]
  private readonly transactions = new TransactionManager()
  private readonly persistence: Persistence | null
  private counts: Record<string, number> = {}
  private closed = false

  constructor(private readonly opts: DatabaseOptions) {
    this.specs = opts.collections
    for (const spec of opts.collections) this.collections.set(spec.name, new Collection(spec))
    this.persistence = opts.dataDir ? new Persistence(opts.dataDir, () => this.collections.values()) : null
    if (this.persistence) {
      for (const [name, docs] of this.persistence.load()) {
        let collection = this.collections.get(name)
        if (!collection) {
          collection = new Collection({ name })
          this.collections.set(name, collection)
        }
        collection.load(docs)
        this.persistence.markLoaded(collection)
      }
    }
  }

  // ---- dispatch -------------------------------------------------------------------------------

  async handle(action: string, params: ActionParams): Promise<Record<string, unknown>> {
    if (this.closed) throw requestFailed('database is closed')
    const name = action.startsWith('database.') ? action.slice('database.'.length) : action
    this.counts[name] = (this.counts[name] ?? 0) + 1
    switch (name) {
      case 'getDocument':
        return this.getDocument(params)
      case 'calculateDocument':
        return this.calculateDocument(params)
      case 'insertDocument':
        return this.changed(this.insertDocument(params))
      case 'modifyDocument':
        return this.changed(this.modifyDocument(params))
      case 'removeDocument':
        return this.changed(this.removeDocument(params))
      case 'aggregateDocuments':
        return this.aggregateDocuments(params)
      case 'addCollection':
        return this.changed(this.addCollection(params))
      case 'startTransaction':
        return { transactionId: this.transactions.begin().id }
      case 'commitTransaction':
        this.transactions.commit(this.requireString(params, 'transactionId'), (n) => this.collection(n))
        return this.changed({})
      case 'abortTransaction':
        this.transactions.abort(this.requireString(params, 'transactionId'))
        return {}
      default:
        throw invalidParam(`database action ${name} is not supported by the local cloud`)
    }
  }

  private changed<T>(reply: T): T {
    this.persistence?.schedule()
    return reply
  }

  private requireString(params: ActionParams, key: string): string {
    const value = str(params, key)
    if (!value) throw invalidParam(`${key} is required`)
    return value
  }

  private collection(name: string | undefined): Collection {
    if (!name) throw invalidParam('collectionName is required')
    const collection = this.collections.get(name)
    if (!collection) throw collectionNotExist(name)
    return collection
  }

  private now = () => this.opts.now()

  private decodeParam(params: ActionParams, key: string): Plain | undefined {
    const raw = params[key]
    if (raw === undefined || raw === '') return undefined
    if (typeof raw !== 'string') return fromWireValue(raw, this.now)
    try {
      return decode(raw, this.now)
    } catch (e) {
      throw invalidParam(`${key} is not valid EJSON: ${(e as Error).message}`)
    }
  }

  private filterOf(params: ActionParams): Filter {
    const query = this.decodeParam(params, 'query')
    if (query === undefined || query === null) return {}
    if (!isPlainObject(query)) throw invalidParam('query must be an object')
    return query
  }

  /**
   * Inside a transaction CloudBase only allows single-document operations addressed by `_id`
   * (no where, no aggregate, no count): the SDK can still send a `where` with a transactionId.
   */
  private transactionOf(params: ActionParams, what: string): Transaction | null {
    const id = str(params, 'transactionId')
    if (!id) return null
    const transaction = this.transactions.get(id)
    if (params.queryType !== 'DOC') {
      throw invalidParam(
        `${what} with where is not allowed in a transaction: only single-document operations by _id (doc(id)) are`,
      )
    }
    return transaction
  }

  private docIdOf(filter: Filter): string {
    const keys = Object.keys(filter)
    if (keys.length !== 1 || keys[0] !== '_id' || typeof filter._id !== 'string') {
      throw invalidParam('a doc operation needs a query of exactly { _id: string }')
    }
    return filter._id
  }

  private select(collection: Collection, filter: Filter): PlainDoc[] {
    const compiled = compileFilter(filter)
    if (compiled.ids) {
      const out: PlainDoc[] = []
      for (const id of new Set(compiled.ids)) {
        const entry = collection.get(id)
        if (entry && compiled.test(entry.doc)) out.push(entry.doc)
      }
      return out
    }
    const out: PlainDoc[] = []
    const narrowed = filter ? collection.candidates(filter) : null
    if (narrowed) {
      for (const id of narrowed) {
        const entry = collection.get(id)
        if (entry && compiled.test(entry.doc)) out.push(entry.doc)
      }
      return out
    }
    for (const entry of collection.entries.values()) if (compiled.test(entry.doc)) out.push(entry.doc)
    return out
  }

  // ---- actions --------------------------------------------------------------------------------

  private getDocument(params: ActionParams): Record<string, unknown> {
    const collection = this.collection(str(params, 'collectionName'))
    const filter = this.filterOf(params)
    const projection = this.decodeParam(params, 'projection') as Projection | undefined
    const transaction = this.transactionOf(params, 'get')
    if (transaction) {
      const doc = transaction.read(collection, this.docIdOf(filter))
      const list = doc ? arrange([doc], { projection }) : []
      return { data: { list: list.map(encode) } }
    }
    const limit = params.limit === undefined ? (params.queryType === 'DOC' ? undefined : DEFAULT_LIMIT) : params.limit
    const offset = params.offset ?? 0
    if (
      limit !== undefined &&
      (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    ) {
      throw invalidParam(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${String(limit)}`)
    }
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
      throw invalidParam(`offset must be a non-negative integer, got ${String(offset)}`)
    }
    const order = this.decodeParam(params, 'order')
    const sort: SortSpec | undefined = order === undefined ? undefined : validateSort(order)
    const list = arrange(this.select(collection, filter), { sort, offset, limit, projection })
    return { data: { list: list.map(encode), limit, offset } }
  }

  private calculateDocument(params: ActionParams): Record<string, unknown> {
    const collection = this.collection(str(params, 'collectionName'))
    if (str(params, 'transactionId')) throw invalidParam('count is not allowed in a transaction')
    return { data: { total: this.select(collection, this.filterOf(params)).length } }
  }

  private insertDocument(params: ActionParams): Record<string, unknown> {
    const collection = this.collection(str(params, 'collectionName'))
    const raw = params.data
    if (!Array.isArray(raw) || raw.length === 0) throw invalidParam('data must be a non-empty array of documents')
    const docs = raw.map((item) => {
      const doc = typeof item === 'string' ? decode(item, this.now) : fromWireValue(item, this.now)
      if (!isPlainObject(doc)) throw invalidParam('each document must be an object')
      return doc
    })
    const transaction = str(params, 'transactionId') ? this.transactions.get(str(params, 'transactionId')!) : null
    return { data: { insertedIds: this.insertDocs(collection, docs, transaction) } }
  }

  private insertDocs(collection: Collection, docs: PlainDoc[], transaction: Transaction | null): string[] {
    const prepared = docs.map((doc) => {
      const id = doc._id === undefined ? newId() : checkId(doc._id)
      return { ...doc, _id: id } as PlainDoc
    })
    if (transaction) {
      for (const doc of prepared) {
        const id = doc._id as string
        if (transaction.read(collection, id)) throw duplicateKey(collection.name, '_id_', { _id: id })
        transaction.stage(collection, id, doc, true)
      }
      return prepared.map((d) => d._id as string)
    }
    // A batch insert is all or nothing here (validated before anything is written).
    const next = new Map<string, PlainDoc | null>()
    for (const doc of prepared) {
      const id = doc._id as string
      if (next.has(id)) throw duplicateKey(collection.name, '_id_', { _id: id })
      next.set(id, doc)
    }
    collection.checkWrites(next, new Set(next.keys()))
    collection.apply(next)
    return prepared.map((d) => d._id as string)
  }

  private modifyDocument(params: ActionParams): Record<string, unknown> {
    const collection = this.collection(str(params, 'collectionName'))
    const filter = this.filterOf(params)
    const data = this.decodeParam(params, 'data')
    if (data === undefined) throw invalidParam('data is required')
    const merge = params.merge !== false
    const upsert = params.upsert === true
    const transaction = this.transactionOf(params, 'update')

    if (transaction || params.queryType === 'DOC') {
      const id = this.docIdOf(filter)
      const current = transaction ? transaction.read(collection, id) : (collection.get(id)?.doc ?? null)
      let outcome: { doc: PlainDoc; changed: boolean } | null = null
      if (!merge) outcome = replaceDocument(id, current, data)
      else if (current) outcome = applyOperators(current, data)
      else if (upsert) outcome = applyOperators({ _id: id }, data)
      if (!outcome) return { data: { updated: 0 } }
      const created = current === null
      if (outcome.changed || created) {
        if (transaction) transaction.stage(collection, id, outcome.doc, created)
        else {
          const next = new Map([[id, outcome.doc]])
          collection.checkWrites(next, new Set(created ? [id] : []))
          collection.apply(next)
        }
      }
      return created ? { data: { updated: 0, upsert_id: id } } : { data: { updated: outcome.changed ? 1 : 0 } }
    }

    if (!merge || upsert) throw invalidParam('set/upsert needs a doc(id); where().set is not supported')
    const targets = this.select(collection, filter)
    const chosen = params.multi === false ? targets.slice(0, 1) : targets
    const next = new Map<string, PlainDoc | null>()
    for (const doc of chosen) {
      const outcome = applyOperators(doc, data)
      if (outcome.changed) next.set(doc._id as string, outcome.doc)
    }
    if (next.size > 0) {
      collection.checkWrites(next, new Set())
      collection.apply(next)
    }
    return { data: { updated: next.size } }
  }

  private removeDocument(params: ActionParams): Record<string, unknown> {
    const collection = this.collection(str(params, 'collectionName'))
    const filter = this.filterOf(params)
    const transaction = this.transactionOf(params, 'remove')
    if (transaction) {
      const id = this.docIdOf(filter)
      if (!transaction.read(collection, id)) return { data: { deleted: 0 } }
      transaction.stage(collection, id, null, false)
      return { data: { deleted: 1 } }
    }
    const targets = this.select(collection, filter)
    const chosen = params.multi === false ? targets.slice(0, 1) : targets
    if (chosen.length > 0) collection.apply(new Map(chosen.map((d) => [d._id as string, null])))
    return { data: { deleted: chosen.length } }
  }

  private aggregateDocuments(params: ActionParams): Record<string, unknown> {
    const collection = this.collection(str(params, 'collectionName'))
    if (str(params, 'transactionId')) throw invalidParam('aggregate is not allowed in a transaction')
    const stages = params.stages
    if (!Array.isArray(stages)) throw invalidParam('stages must be an array')
    const pipeline = stages.map((stage) => {
      const { stageKey, stageValue } = (stage ?? {}) as { stageKey?: unknown; stageValue?: unknown }
      if (typeof stageKey !== 'string' || !stageKey.startsWith('$')) throw invalidParam('each stage needs a $stageKey')
      if (stageKey === '$out' || stageKey === '$merge') throw invalidParam(`${stageKey} is not supported`)
      const value = typeof stageValue === 'string' ? decode(stageValue, this.now) : fromWireValue(stageValue, this.now)
      return { [stageKey]: value }
    })
    let list: Record<string, unknown>[]
    try {
      list = mingoAggregate(collection.docs(), pipeline, {
        collectionResolver: (name: string) => this.collection(name).docs(),
      })
    } catch (e) {
      if (isDbError(e)) throw e
      throw invalidParam(`invalid aggregate pipeline: ${(e as Error).message}`)
    }
    return { data: { list: list.map(encode) } }
  }

  private addCollection(params: ActionParams): Record<string, unknown> {
    const name = this.requireString(params, 'collectionName')
    if (this.collections.has(name)) throw collectionAlreadyExist(name)
    const collection = new Collection({ name })
    collection.changeCount++ // so an empty collection still gets its file
    this.collections.set(name, collection)
    return {}
  }

  // ---- direct access --------------------------------------------------------------------------

  insert(collection: string, doc: Record<string, unknown>): string {
    return this.insertMany(collection, [doc])[0]!
  }

  insertMany(collection: string, docs: Record<string, unknown>[]): string[] {
    const plain = docs.map((d) => fromWireValue(d, this.now) as PlainDoc)
    return this.changed(this.insertDocs(this.collection(collection), plain, null))
  }

  find(collection: string, query: Record<string, unknown> = {}): PlainDoc[] {
    return this.select(this.collection(collection), fromWireValue(query, this.now) as Filter).map(clone)
  }

  count(collection: string, query: Record<string, unknown> = {}): number {
    return this.select(this.collection(collection), fromWireValue(query, this.now) as Filter).length
  }

  collectionNames(): string[] {
    return [...this.collections.keys()]
  }

  callCounts(): Record<string, number> {
    return { ...this.counts }
  }

  resetCallCounts(): void {
    this.counts = {}
  }

  totalCalls(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0)
  }

  async flush(): Promise<void> {
    this.persistence?.flush()
  }

  async wipe(): Promise<void> {
    this.transactions.clear()
    this.collections.clear()
    for (const spec of this.specs) this.collections.set(spec.name, new Collection(spec))
    this.persistence?.removeAll()
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.persistence?.close()
    this.closed = true
  }
}

export async function createDatabase(opts: DatabaseOptions): Promise<LocalDatabase> {
  return new Database(opts)
}
