// Transactions, optimistic like CloudBase's: a transaction keeps its writes to itself (nobody else
// sees them before commit; abort discards them) and remembers the version of every document it
// read or wrote. At commit, if any of those documents changed since — another transaction
// committed first, or a plain write landed — the commit fails with DATABASE_TRANSACTION_CONFLICT.
// That is the code @cloudbase/database's runTransaction retries on (up to 3 more times), so a
// transaction body may run more than once. The conflict is raised at commit, not at the document
// operation, because wx-server-sdk rewraps errors from document operations (losing `code`) while
// the commit inside runTransaction is the raw call whose error keeps it.
import { randomBytes } from 'node:crypto'
import type { PlainDoc } from './ejson'
import { transactionConflict, transactionNotExist } from './errors'
import type { Collection } from './store'

/** Transactions left open longer than this are dropped, like the platform's transaction timeout. */
export const TRANSACTION_TTL_MS = 60_000

export interface CollectionWrites {
  next: Map<string, PlainDoc | null>
  inserts: Set<string>
}

export class Transaction {
  /** `collection\0id` → version first seen (0 = absent). */
  readonly seen = new Map<string, number>()
  readonly writes = new Map<string, CollectionWrites>()

  constructor(
    readonly id: string,
    readonly startedAt: number,
  ) {}

  private remember(collection: Collection, id: string): void {
    const key = `${collection.name}\u0000${id}`
    if (!this.seen.has(key)) this.seen.set(key, collection.versionOf(id))
  }

  writesFor(collection: Collection): CollectionWrites {
    let writes = this.writes.get(collection.name)
    if (!writes) {
      writes = { next: new Map(), inserts: new Set() }
      this.writes.set(collection.name, writes)
    }
    return writes
  }

  /** The document as this transaction sees it: its own write if any, else the committed one. */
  read(collection: Collection, id: string): PlainDoc | null {
    this.remember(collection, id)
    const own = this.writes.get(collection.name)?.next
    if (own?.has(id)) return own.get(id) ?? null
    return collection.get(id)?.doc ?? null
  }

  /** Stages a write; `checkWrites` on the collection validates it against committed data. */
  stage(collection: Collection, id: string, doc: PlainDoc | null, insert: boolean): void {
    this.remember(collection, id)
    const writes = this.writesFor(collection)
    collection.checkWrites(
      new Map([...writes.next, [id, doc]]),
      new Set(insert ? [...writes.inserts, id] : writes.inserts),
    )
    writes.next.set(id, doc)
    if (insert) writes.inserts.add(id)
  }

  conflicts(collections: (name: string) => Collection): boolean {
    for (const [key, version] of this.seen) {
      const [name, id] = key.split('\u0000') as [string, string]
      if (collections(name).versionOf(id) !== version) return true
    }
    return false
  }
}

export class TransactionManager {
  private readonly open = new Map<string, Transaction>()

  // Expiry uses wall time, not the database's `now()`: tests freeze or jump the business clock.
  begin(): Transaction {
    this.expire()
    const id = randomBytes(12).toString('hex')
    const transaction = new Transaction(id, Date.now())
    this.open.set(id, transaction)
    return transaction
  }

  get(id: string): Transaction {
    const transaction = this.open.get(id)
    if (!transaction) throw transactionNotExist(id)
    return transaction
  }

  /** Validates and applies all writes at once; the transaction is gone afterwards either way. */
  commit(id: string, collections: (name: string) => Collection): void {
    const transaction = this.get(id)
    this.open.delete(id)
    if (transaction.conflicts(collections)) throw transactionConflict()
    // Check every collection before touching any, so a commit is all or nothing.
    for (const [name, writes] of transaction.writes) {
      collections(name).checkWrites(writes.next, writes.inserts)
    }
    for (const [name, writes] of transaction.writes) collections(name).apply(writes.next)
  }

  abort(id: string): void {
    this.get(id)
    this.open.delete(id)
  }

  openCount(): number {
    return this.open.size
  }

  clear(): void {
    this.open.clear()
  }

  private expire(): void {
    const now = Date.now()
    for (const [id, transaction] of this.open) {
      if (now - transaction.startedAt > TRANSACTION_TTL_MS) this.open.delete(id)
    }
  }
}
