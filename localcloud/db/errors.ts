// The errors the local database answers with, in CloudBase's own shape: `{ code, message }` in an
// HTTP 200 reply. @cloudbase/node-sdk turns a reply carrying `code` into a thrown error, and
// wx-server-sdk maps the code to a numeric `errCode` through its TCB_ERR_CODE table
// (DATABASE_COLLECTION_NOT_EXIST → -502005, INVALID_PARAM → -501007; codes it does not know, such
// as DATABASE_DUPLICATE_WRITE, become -501001 with the message kept in `errMsg`). Messages follow
// the platform's "[Category] text. Please check your request…" form so that code matching on the
// text (e.g. "E11000 duplicate key") behaves as it does in production.

export type DbErrorCode =
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'DATABASE_REQUEST_FAILED'
  | 'INVALID_PARAM'

const SUFFIX = '. Please check your request, but if the problem persists, contact us.'

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'DbError'
  }
}

export const isDbError = (e: unknown): e is DbError => e instanceof DbError

export const collectionNotExist = (name: string) =>
  new DbError('DATABASE_COLLECTION_NOT_EXIST', `[ResourceNotFound] Db or Table not exist: ${name}${SUFFIX}`)

export const collectionAlreadyExist = (name: string) =>
  new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceInUse] Table exist: ${name}${SUFFIX}`)

/** Same text as MongoDB's E11000 so callers can tell a duplicate from other failures. */
export const duplicateKey = (collection: string, indexName: string, key: Record<string, unknown>) =>
  new DbError(
    'DATABASE_DUPLICATE_WRITE',
    `[FailedOperation] E11000 duplicate key error collection: ${collection} index: ${indexName} dup key: ${JSON.stringify(key)}${SUFFIX}`,
  )

export const transactionConflict = () =>
  new DbError(
    'DATABASE_TRANSACTION_CONFLICT',
    `[ResourceUnavailable.TransactionConflict] Transaction is conflicted, a document it touched was changed by another writer${SUFFIX}`,
  )

export const transactionNotExist = (id: string) =>
  new DbError(
    'DATABASE_TRANSACTION_FAIL',
    `[ResourceUnavailable.TransactionNotExist] Transaction ${id} does not exist on the server, it may have been committed, aborted or conflicted${SUFFIX}`,
  )

export const invalidParam = (message: string) => new DbError('INVALID_PARAM', `[InvalidParameter] ${message}${SUFFIX}`)

export const requestFailed = (message: string) =>
  new DbError('DATABASE_REQUEST_FAILED', `[FailedOperation] ${message}${SUFFIX}`)
