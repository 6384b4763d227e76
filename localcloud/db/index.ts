// The strict local CloudBase database ("the strict Db stand-in"). See docs/local-database.md.
export { createDatabase, DEFAULT_LIMIT, MAX_LIMIT } from './database'
export type { ActionParams, DatabaseOptions, LocalDatabase } from './database'
export type { CollectionSpec, IndexSpec } from './store'
export type { Plain, PlainDoc } from './ejson'
export { DbError, isDbError } from './errors'
export type { DbErrorCode } from './errors'
export { TRANSACTION_TTL_MS } from './transactions'
