// Declared indexes narrow which documents a query tests (localcloud/db/store.ts Postings): the
// answers must be exactly those of a full scan, in the same order, through the real SDK, while
// documents are inserted, updated (the indexed array changing) and removed.
import fc from 'fast-check'
import { Query } from 'mingo'
import { buildWorld, type World } from './world'

const INDEXED = {
  name: 'notes',
  indexes: [{ name: 'circle_terms', fields: { circleId: 1, terms: 1, createdAt: -1 } as Record<string, 1 | -1> }],
}
const TERMS = ['ab', 'bc', 'cd', 'de', 'ef']

describe('queries narrowed by declared indexes', () => {
  let world: World
  afterEach(() => world?.close())

  it('answer exactly what a full scan answers, in natural order, across writes', async () => {
    world = await buildWorld([INDEXED])
    const { db, _ } = world
    const docs = fc.sample(
      fc.record({
        circleId: fc.constantFrom('c1', 'c2'),
        terms: fc.uniqueArray(fc.constantFrom(...TERMS), { maxLength: 4 }),
        n: fc.nat(9),
      }),
      { numRuns: 60, seed: 3 },
    )
    const all = docs.map((d, i) => ({ _id: `n${String(i).padStart(3, '0')}`, ...d }))
    for (let i = 0; i < all.length; i += 20) await db.collection('notes').add({ data: all.slice(i, i + 20) })
    // the indexed array changes on some, others leave
    for (const d of all.slice(0, 10)) {
      d.terms = ['ef', 'ab']
      await db
        .collection('notes')
        .doc(d._id)
        .update({ data: { terms: ['ef', 'ab'] } })
    }
    for (const d of all.slice(50)) await db.collection('notes').doc(d._id).remove()
    const alive = all.slice(0, 50)

    const queries: [object, Record<string, unknown>][] = [
      [
        { circleId: 'c1', terms: _.all(['ab', 'cd']) },
        { circleId: 'c1', terms: { $all: ['ab', 'cd'] } },
      ],
      [{ terms: 'ef' }, { terms: 'ef' }],
      [
        _.and([{ circleId: 'c2', terms: _.all(['de']) }, _.or([{ n: _.lt(5) }, { n: 7 }])]),
        { $and: [{ circleId: 'c2', terms: { $all: ['de'] } }, { $or: [{ n: { $lt: 5 } }, { n: 7 }] }] },
      ],
      [
        { circleId: 'c1', terms: _.all(['zz']) },
        { circleId: 'c1', terms: { $all: ['zz'] } },
      ],
      [{ circleId: 'c2' }, { circleId: 'c2' }],
    ]
    for (const [sdk, mongo] of queries) {
      const { data } = await db.collection('notes').where(sdk).limit(1000).get()
      const expected = new Query(mongo)
        .find(alive)
        .all()
        .map((d) => (d as { _id: string })._id)
      expect(data.map((d: { _id: string }) => d._id)).toEqual(expected)
      const { total } = await db.collection('notes').where(sdk).count()
      expect(total).toBe(expected.length)
    }
  })
})
