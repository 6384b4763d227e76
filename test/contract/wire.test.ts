// Wire contract: what the pinned wx-server-sdk (4.0.2 → @cloudbase/node-sdk 3.17.2 →
// @cloudbase/database 1.4.3) sends for a fixed set of calls, normalised (no request ids,
// timestamps or signatures), compared with the committed fixture. If an SDK upgrade changes the
// wire format this fails, and the emulator must be checked against the new format before the
// fixture is accepted.
//
// To update the fixture after reviewing the change:
//   UPDATE_WIRE_FIXTURE=1 npx jest --selectProjects contract -t 'wire format'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ObservedRequest } from '../../localcloud/admin'
import { buildWorld, type World } from './world'

const FIXTURE = join(__dirname, '__fixtures__', 'wire-format.json')

/** Headers that carry no per-request noise; everything else (signature, timestamps, host) is dropped. */
const STABLE_HEADERS = ['content-type', 'user-agent', 'x-sdk-version', 'x-tcb-source']

function normalise(request: ObservedRequest): Record<string, unknown> {
  const url = new URL(request.url, 'http://local')
  url.searchParams.delete('seqId')
  const params: Record<string, unknown> = { ...request.params }
  if (typeof params.transactionId === 'string') params.transactionId = '<transactionId>'
  const headers: Record<string, unknown> = {}
  for (const name of STABLE_HEADERS) {
    const value = request.headers[name]
    headers[name] =
      name === 'content-type' && typeof value === 'string' ? value.replace(/boundary=.*/, 'boundary=<boundary>') : value
  }
  return { path: `${url.pathname}${url.search}`, headers, params }
}

describe('wire contract of the pinned wx-server-sdk', () => {
  let world: World
  afterEach(() => world?.close())

  it('sends the recorded wire format for a fixed set of calls', async () => {
    const seen: ObservedRequest[] = []
    world = await buildWorld([{ name: 'posts' }, { name: 'members' }], {
      now: () => new Date('2025-03-01T00:00:00Z'),
      observe: (r) => seen.push(r),
      invokeFunction: async () => ({ ok: true }),
    })
    const { db, _, cloud } = world
    const $ = _.aggregate
    const calls: [string, () => Promise<unknown>][] = [
      [
        'add',
        () =>
          db.collection('posts').add({
            data: { _id: 'p1', n: 1, rate: 0.5, at: new Date(0), when: db.serverDate({ offset: 1000 }), tags: ['a'] },
          }),
      ],
      [
        'add many',
        () =>
          db.collection('posts').add({
            data: [
              { _id: 'p2', n: 2 },
              { _id: 'p3', n: 3 },
            ],
          }),
      ],
      ['doc.get', () => db.collection('posts').doc('p1').get()],
      ['doc.field.get', () => db.collection('posts').doc('p1').field({ n: true }).get()],
      [
        'where.orderBy.skip.limit.field.get',
        () =>
          db
            .collection('posts')
            .where({
              n: _.gt(0).and(_.lt(9)),
              meta: { city: 'x' },
              at: _.lte(new Date(5)),
              title: db.RegExp({ regexp: '^a', options: 'i' }),
            })
            .orderBy('n', 'desc')
            .orderBy('_id', 'asc')
            .skip(1)
            .limit(5)
            .field({ n: true })
            .get(),
      ],
      [
        'where.get (default limit)',
        () =>
          db
            .collection('posts')
            .where({ n: _.in([1, 2]) })
            .get(),
      ],
      [
        'count',
        () =>
          db
            .collection('posts')
            .where({ n: _.exists(true) })
            .count(),
      ],
      [
        'doc.update',
        () =>
          db
            .collection('posts')
            .doc('p1')
            .update({ data: { n: _.inc(1), tags: _.push(['b']), gone: _.remove(), meta: { city: 'y' } } }),
      ],
      [
        'doc.set',
        () =>
          db
            .collection('posts')
            .doc('p4')
            .set({ data: { n: 4 } }),
      ],
      [
        'where.update',
        () =>
          db
            .collection('posts')
            .where({ n: _.gte(3) })
            .update({ data: { big: true } }),
      ],
      ['doc.remove', () => db.collection('posts').doc('p4').remove()],
      ['where.remove', () => db.collection('posts').where({ big: true }).remove()],
      [
        'aggregate',
        () =>
          db
            .collection('posts')
            .aggregate()
            .match({ n: _.gt(0) })
            .lookup({
              from: 'members',
              let: { pid: '$_id' },
              pipeline: $.pipeline()
                .match(_.expr($.eq(['$postId', '$$pid'])))
                .done(),
              as: 'm',
            })
            .group({ _id: null, total: $.sum('$n') })
            .sort({ total: -1 })
            .limit(1)
            .end(),
      ],
      ['createCollection', () => db.createCollection('later')],
      [
        'runTransaction',
        () =>
          db.runTransaction(async (tx: any) => {
            await tx.collection('posts').doc('p1').get()
            await tx
              .collection('posts')
              .doc('p1')
              .update({ data: { n: _.inc(1) } })
            await tx.collection('posts').add({ data: { _id: 'p9' } })
            await tx
              .collection('posts')
              .doc('p9')
              .set({ data: { n: 9 } })
            await tx.collection('posts').doc('p2').remove()
          }),
      ],
      [
        'rollback',
        async () => {
          const tx = await db.startTransaction()
          await tx.rollback()
        },
      ],
      ['callFunction', () => cloud.callFunction({ name: 'circle', data: { action: 'list', page: 1 } })],
    ]
    const recorded: Record<string, unknown[]> = {}
    for (const [name, call] of calls) {
      seen.length = 0
      await call()
      recorded[name] = seen.map(normalise)
    }
    const text = `${JSON.stringify(recorded, null, 2)}\n`
    if (process.env.UPDATE_WIRE_FIXTURE === '1' || !existsSync(FIXTURE)) {
      writeFileSync(FIXTURE, text)
      if (process.env.UPDATE_WIRE_FIXTURE !== '1')
        throw new Error(`wrote a new wire fixture at ${FIXTURE}; review and commit it`)
    }
    expect(recorded).toEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')))
  })
})
