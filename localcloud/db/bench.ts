// Measures the emulator at 100 000 documents: `npx tsx localcloud/db/bench.ts`.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase } from './database'

const N = 100_000

async function time<T>(label: string, run: () => Promise<T> | T): Promise<T> {
  const started = performance.now()
  const result = await run()
  console.log(`${label.padEnd(48)} ${(performance.now() - started).toFixed(1).padStart(8)} ms`)
  return result
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'localdb-bench-'))
  const collections = [{ name: 'posts', indexes: [{ name: 'slug', fields: { slug: 1 as const }, unique: true }] }]
  const db = await createDatabase({ dataDir, now: () => new Date(), collections })
  const base = Date.parse('2025-01-01T00:00:00Z')
  const docs = Array.from({ length: N }, (_x, i) => ({
    _id: `p${i}`,
    slug: `slug-${i}`,
    circleId: `c${i % 100}`,
    createdAt: new Date(base + i * 1000),
    likes: i % 37,
  }))
  await time(`insertMany ${N} (unique index)`, () => db.insertMany('posts', docs))
  await time('1000 × insertDocument (wire, one each)', async () => {
    for (let i = 0; i < 1000; i++) {
      await db.handle('database.insertDocument', { collectionName: 'posts', data: [`{"_id":"x${i}","slug":"x${i}"}`] })
    }
  })
  await time('1000 × getDocument by _id (wire)', async () => {
    for (let i = 0; i < 1000; i++) {
      await db.handle('database.getDocument', {
        collectionName: 'posts',
        queryType: 'DOC',
        query: `{"_id":"p${i * 97}"}`,
      })
    }
  })
  await time('1000 × modifyDocument $inc by _id (wire)', async () => {
    for (let i = 0; i < 1000; i++) {
      await db.handle('database.modifyDocument', {
        collectionName: 'posts',
        queryType: 'DOC',
        query: `{"_id":"p${i}"}`,
        data: '{"$inc":{"likes":{"$numberInt":"1"}}}',
        merge: true,
      })
    }
  })
  await time('where circleId, orderBy createdAt desc, limit 20', () =>
    db.handle('database.getDocument', {
      collectionName: 'posts',
      queryType: 'WHERE',
      query: '{"circleId":"c7"}',
      order: '{"createdAt":{"$numberInt":"-1"}}',
      limit: 20,
    }),
  )
  await time('full scan: orderBy createdAt desc, limit 1000', () =>
    db.handle('database.getDocument', {
      collectionName: 'posts',
      queryType: 'WHERE',
      order: '{"createdAt":{"$numberInt":"-1"}}',
      limit: 1000,
    }),
  )
  await time('count where likes > 30', () =>
    db.handle('database.calculateDocument', {
      collectionName: 'posts',
      queryType: 'WHERE',
      query: '{"likes":{"$gt":{"$numberInt":"30"}}}',
    }),
  )
  await time('aggregate $group by circleId', () =>
    db.handle('database.aggregateDocuments', {
      collectionName: 'posts',
      stages: [{ stageKey: '$group', stageValue: '{"_id":"$circleId","n":{"$sum":{"$numberInt":"1"}}}' }],
    }),
  )
  await time('flush to disk', () => db.flush())
  await db.close()
  const reopened = await time('reopen (load from disk)', () =>
    createDatabase({ dataDir, now: () => new Date(), collections }),
  )
  console.log('documents after reload:', reopened.count('posts'))
  await reopened.close()
  rmSync(dataDir, { recursive: true, force: true })
}

void main()
