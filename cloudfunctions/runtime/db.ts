/**
 * Small typed helpers over the SDK's database API, shared by the repositories. They smooth over
 * the SDK's two reply shapes (a doc get answers a list outside a transaction, one doc inside).
 */
import { decodeCursor, pageOf } from '../core/cursor'
import { DomainError } from '../core/errors'
import { database, type Database } from './cloud'

type AnyDoc = { _id: string }

/** An update: plain values, or SDK commands such as `_.inc(1)` for a field. */
export type Patch<T> = { [K in keyof T]?: T[K] | object }

export function db(): Database {
  return database()
}

export function cmd() {
  return db().command
}

// wx-server-sdk types get/count/end as callback-or-promise unions; these read the promise reply.
export const rowsOf = <T>(res: unknown): T[] => (res as { data: T[] }).data
export const totalOf = (res: unknown): number => (res as { total: number }).total
export const listOf = <T>(res: unknown): T[] => (res as { list: T[] }).list

/** What a transaction body receives (wx-server-sdk leaves it untyped). */
export interface Tx {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<{ data: unknown }>
      set(options: { data: object }): Promise<unknown>
      update(options: { data: object }): Promise<unknown>
      remove(): Promise<unknown>
    }
    add(options: { data: object }): Promise<unknown>
  }
}

/** Any handle with collection(): the database, or a transaction. */
type Source = Database | Tx

export async function getById<T extends AnyDoc>(source: Source, collection: string, id: string): Promise<T | null> {
  try {
    const res = (await (source as Tx).collection(collection).doc(id).get()) as { data: unknown }
    const data = Array.isArray(res.data) ? res.data[0] : res.data
    return (data as T | undefined) ?? null
  } catch (error) {
    if (isNotFound(error)) return null
    throw error
  }
}

/** Documents by id, in the order asked (missing ones left out). One read for up to 1000 ids. */
export async function getMany<T extends AnyDoc>(collection: string, ids: string[]): Promise<T[]> {
  if (ids.length === 0) return []
  const _ = cmd()
  const res = await db()
    .collection(collection)
    .where({ _id: _.in(ids) })
    .limit(ids.length)
    .get()
  const byId = new Map(rowsOf<T>(res).map((d) => [d._id, d]))
  return ids.map((id) => byId.get(id)).filter((d): d is T => !!d)
}

/** Rounds of the SDK's own immediate retries, each after a longer, jittered pause. */
const CONFLICT_ROUNDS = 8

/**
 * Runs a transaction body (which may run more than once on a conflict: keep it free of effects).
 * A DomainError thrown inside rolls back and comes out as itself. The SDK retries a conflict at
 * once; when many writers contend for one document (a popular circle's counter) that is not
 * enough, so rounds of it are spaced by a jittered, growing pause. Exhausted: `conflict`.
 */
export async function transaction<R>(body: (tx: Tx) => Promise<R>): Promise<R> {
  for (let round = 1; ; round++) {
    try {
      return (await db().runTransaction(async (tx: Tx) => body(tx), 2)) as R
    } catch (error) {
      if (error instanceof DomainError) throw error
      if (!isConflict(error)) throw error
      if (round === CONFLICT_ROUNDS) throw new DomainError('conflict')
      await sleep(Math.random() * 10 * 2 ** round)
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function isNotFound(error: unknown): boolean {
  const text = String((error as { errMsg?: string; message?: string })?.errMsg ?? (error as Error)?.message ?? '')
  return /not exist|cannot find document/i.test(text)
}

function isConflict(error: unknown): boolean {
  const code = (error as { code?: string; errCode?: number })?.code
  return code === 'DATABASE_TRANSACTION_CONFLICT' || /conflict/i.test(String((error as Error)?.message ?? ''))
}

/** A write refused because the id or a unique index is taken (E11000, as in production). */
export function isDuplicateKey(error: unknown): boolean {
  return /E11000|duplicate key/i.test(String((error as { message?: string })?.message ?? error))
}

/**
 * Inserts a document under its deterministic id, in one call and no read: false when a document
 * with that id is there already (a repeat of the same fact).
 */
export async function insertOnce(collection: string, doc: { _id: string }): Promise<boolean> {
  const { _id, ...rest } = doc
  try {
    await db()
      .collection(collection)
      .add({ data: { _id, ...rest } })
    return true
  } catch (error) {
    if (isDuplicateKey(error)) return false
    throw error
  }
}

/**
 * A page of a collection's matches ordered by (createdAt, _id), newest or oldest first: equal times
 * keep one order, and the cursor resumes after the last row shown.
 */
export async function pageByTime<T extends { _id: string; createdAt: Date }>(
  collection: string,
  where: Record<string, unknown>,
  cursor: string | undefined,
  limit: number,
  order: 'desc' | 'asc',
) {
  const _ = cmd()
  const after = decodeCursor(cursor, ['c', 'i'])
  const past = (v: Date | string) => (order === 'desc' ? _.lt(v) : _.gt(v))
  const query = after
    ? _.and([
        where,
        _.or([{ createdAt: past(new Date(after.c)) }, { createdAt: new Date(after.c), _id: past(String(after.i)) }]),
      ])
    : where
  const res = await db()
    .collection(collection)
    .where(query)
    .orderBy('createdAt', order)
    .orderBy('_id', order)
    .limit(limit + 1)
    .get()
  return pageOf(rowsOf<T>(res), limit, (r) => ({ c: new Date(r.createdAt).getTime(), i: r._id }))
}

/** A newest-first page of a collection's matches by (createdAt, _id). */
export const newestFirst = <T extends { _id: string; createdAt: Date }>(
  collection: string,
  where: Record<string, unknown>,
  cursor: string | undefined,
  limit: number,
) => pageByTime<T>(collection, where, cursor, limit, 'desc')

/** An oldest-first page (queues, comment threads, check-in walls) by (createdAt, _id). */
export const oldestFirst = <T extends { _id: string; createdAt: Date }>(
  collection: string,
  where: Record<string, unknown>,
  cursor: string | undefined,
  limit: number,
) => pageByTime<T>(collection, where, cursor, limit, 'asc')
