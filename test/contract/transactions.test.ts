// Transactions: isolated until commit, discarded on abort, optimistic conflicts that make the
// SDK's runTransaction run the body again, and only single-document operations inside.
import { buildWorld, postAction, type World } from './world'

describe('transactions on the local database', () => {
  let world: World
  afterEach(() => world?.close())

  it('commits every write of a runTransaction body together', async () => {
    world = await buildWorld([{ name: 'wallets' }, { name: 'journals' }])
    const { db, _ } = world
    world.local.insertMany('wallets', [
      { _id: 'alice', balanceFen: 1000 },
      { _id: 'bob', balanceFen: 0 },
    ])
    const result = await db.runTransaction(async (tx: any) => {
      const alice = (await tx.collection('wallets').doc('alice').get()).data
      await tx
        .collection('wallets')
        .doc('alice')
        .update({ data: { balanceFen: _.inc(-300) } })
      await tx
        .collection('wallets')
        .doc('bob')
        .update({ data: { balanceFen: _.inc(300) } })
      await tx.collection('journals').add({ data: { _id: 'j1', amountFen: 300 } })
      return alice.balanceFen
    })
    expect(result).toBe(1000)
    expect(world.local.find('wallets').map((w) => w.balanceFen)).toEqual([700, 300])
    expect(world.local.count('journals')).toBe(1)
  })

  it('discards everything when the body rolls back', async () => {
    world = await buildWorld([{ name: 'wallets' }])
    const { db, _ } = world
    world.local.insert('wallets', { _id: 'alice', balanceFen: 1000 })
    await expect(
      db.runTransaction(async (tx: any) => {
        await tx
          .collection('wallets')
          .doc('alice')
          .update({ data: { balanceFen: _.inc(-300) } })
        await tx.collection('wallets').add({ data: { _id: 'ghost' } })
        await tx.rollback('insufficient')
      }),
    ).rejects.toBe('insufficient')
    expect(world.local.find('wallets')).toEqual([{ _id: 'alice', balanceFen: 1000 }])
  })

  it('discards everything when the body throws', async () => {
    world = await buildWorld([{ name: 'wallets' }])
    const { db, _ } = world
    world.local.insert('wallets', { _id: 'alice', balanceFen: 1000 })
    await expect(
      db.runTransaction(async (tx: any) => {
        await tx
          .collection('wallets')
          .doc('alice')
          .update({ data: { balanceFen: _.inc(-300) } })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(world.local.find('wallets')[0]!.balanceFen).toBe(1000)
  })

  it('keeps uncommitted writes invisible to everyone else', async () => {
    world = await buildWorld([{ name: 'wallets' }])
    const { db, _ } = world
    world.local.insert('wallets', { _id: 'alice', balanceFen: 1000 })
    const tx = await db.startTransaction()
    await tx
      .collection('wallets')
      .doc('alice')
      .update({ data: { balanceFen: _.inc(-1) } })
    await tx.collection('wallets').add({ data: { _id: 'new' } })
    // The transaction sees its own writes …
    expect((await tx.collection('wallets').doc('alice').get()).data.balanceFen).toBe(999)
    // … nobody else does until commit.
    expect((await db.collection('wallets').doc('alice').get()).data.balanceFen).toBe(1000)
    expect((await db.collection('wallets').where({}).count()).total).toBe(1)
    await tx.commit()
    expect((await db.collection('wallets').doc('alice').get()).data.balanceFen).toBe(999)
    expect((await db.collection('wallets').where({}).count()).total).toBe(2)
  })

  it('makes the later of two transactions on the same document conflict, and runTransaction retries it', async () => {
    world = await buildWorld([{ name: 'counters' }])
    const { db } = world
    world.local.insert('counters', { _id: 'members:c1', n: 0 })
    let attempts = 0
    let releaseFirst!: () => void
    const firstRead = new Promise<void>((resolve) => (releaseFirst = resolve))
    // Both bodies read the counter before either commits: a lost update unless one conflicts.
    const slow = db.runTransaction(async (tx: any) => {
      attempts++
      const { data } = await tx.collection('counters').doc('members:c1').get()
      if (attempts === 1) await firstRead
      await tx
        .collection('counters')
        .doc('members:c1')
        .set({ data: { n: data.n + 1 } })
    })
    const fast = db.runTransaction(async (tx: any) => {
      const { data } = await tx.collection('counters').doc('members:c1').get()
      await tx
        .collection('counters')
        .doc('members:c1')
        .update({ data: { n: data.n + 1 } })
    })
    await fast
    releaseFirst()
    await slow
    expect(attempts).toBe(2)
    expect(world.local.find('counters')[0]!.n).toBe(2)
    expect(world.local.callCounts().commitTransaction).toBe(3)
  })

  it('answers a losing commit with DATABASE_TRANSACTION_CONFLICT and drops the transaction', async () => {
    world = await buildWorld([{ name: 'counters' }])
    const { db, _ } = world
    world.local.insert('counters', { _id: 'k', n: 0 })
    const a = await db.startTransaction()
    const b = await db.startTransaction()
    await a
      .collection('counters')
      .doc('k')
      .update({ data: { n: _.inc(1) } })
    await b
      .collection('counters')
      .doc('k')
      .update({ data: { n: _.inc(1) } })
    await a.commit()
    await expect(b.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    await expect(b.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' })
    expect(world.local.find('counters')[0]!.n).toBe(1)
  })

  it('conflicts when a plain write changed a document the transaction read', async () => {
    world = await buildWorld([{ name: 'counters' }])
    const { db } = world
    world.local.insert('counters', { _id: 'k', n: 0 })
    const tx = await db.startTransaction()
    await tx.collection('counters').doc('k').get()
    await db
      .collection('counters')
      .doc('k')
      .update({ data: { n: 5 } })
    await tx.collection('counters').add({ data: { _id: 'derived', from: 0 } })
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect(world.local.count('counters')).toBe(1)
  })

  it('gives up after the retries runTransaction allows', async () => {
    world = await buildWorld([{ name: 'counters' }])
    const { db } = world
    world.local.insert('counters', { _id: 'k', n: 0 })
    let attempts = 0
    await expect(
      db.runTransaction(async (tx: any) => {
        attempts++
        await tx.collection('counters').doc('k').get()
        await db
          .collection('counters')
          .doc('k')
          .update({ data: { n: attempts } }) // someone else, every time
      }),
    ).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect(attempts).toBe(4) // the first run + 3 retries
  })

  it('refuses where().get() inside a transaction', async () => {
    world = await buildWorld([{ name: 'members' }])
    const { db } = world
    world.local.insert('members', { _id: 'm1', circleId: 'c1' })
    await expect(
      db.runTransaction(async (tx: any) => {
        await tx.collection('members').where({ circleId: 'c1' }).get()
      }),
    ).rejects.toMatchObject({
      errCode: -501007,
      errMsg: expect.stringMatching(/where is not allowed in a transaction/),
    })
  })

  it('shows the SDK trap: where().update()/remove() on a transaction run outside it and survive rollback', async () => {
    // @cloudbase/database 1.4.3 drops the transactionId from where-updates and where-removes, so
    // they reach CloudBase (and this emulator) as plain writes. Never use them inside a transaction.
    world = await buildWorld([{ name: 'members' }])
    const { db } = world
    world.local.insertMany('members', [
      { _id: 'm1', circleId: 'c1' },
      { _id: 'm2', circleId: 'c2' },
    ])
    const tx = await db.startTransaction()
    await tx
      .collection('members')
      .where({ circleId: 'c1' })
      .update({ data: { x: 1 } })
    await tx.collection('members').where({ circleId: 'c2' }).remove()
    await tx.rollback()
    expect(world.local.find('members')).toEqual([{ _id: 'm1', circleId: 'c1', x: 1 }])
  })

  it('refuses where-operations carrying a transactionId on the wire', async () => {
    world = await buildWorld([{ name: 'members' }])
    const started = await postAction(world.url, { action: 'database.startTransaction' })
    const reply = await postAction(world.url, {
      action: 'database.modifyDocument',
      collectionName: 'members',
      transactionId: started.transactionId,
      queryType: 'WHERE',
      query: '{"circleId":"c1"}',
      data: '{"$set":{"x":{"$numberInt":"1"}}}',
      multi: true,
    })
    expect(reply).toMatchObject({
      code: 'INVALID_PARAM',
      message: expect.stringMatching(/where is not allowed in a transaction/),
    })
    const count = await postAction(world.url, {
      action: 'database.calculateDocument',
      collectionName: 'members',
      transactionId: started.transactionId,
    })
    expect(count).toMatchObject({ code: 'INVALID_PARAM' })
  })

  it('refuses a duplicate _id inside a transaction', async () => {
    world = await buildWorld([{ name: 'signups' }])
    const { db } = world
    world.local.insert('signups', { _id: 'e1:o1' })
    await expect(
      db.runTransaction(async (tx: any) => {
        await tx.collection('signups').add({ data: { _id: 'e1:o1' } })
      }),
    ).rejects.toMatchObject({ errMsg: expect.stringMatching(/E11000 duplicate key/) })
  })
})
