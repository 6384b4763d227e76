// The emulator refuses what CloudBase refuses, with the codes the SDK surfaces.
import { buildWorld, postAction, type World } from './world'

const UNIQUE_SIGNUPS = {
  name: 'signups',
  indexes: [{ name: 'event_openid', fields: { eventId: 1 as const, openid: 1 as const }, unique: true }],
}

describe('the strict local database refuses what CloudBase refuses', () => {
  let world: World
  afterEach(() => world?.close())

  it('refuses a collection that does not exist (errCode -502005)', async () => {
    world = await buildWorld([{ name: 'posts' }])
    const { db } = world
    await expect(db.collection('postz').where({}).get()).rejects.toMatchObject({
      errCode: -502005,
      errMsg: expect.stringMatching(/Db or Table not exist: postz/),
    })
    await expect(db.collection('postz').add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 })
    await expect(
      db
        .collection('postz')
        .doc('x')
        .update({ data: { a: 1 } }),
    ).rejects.toMatchObject({ errCode: -502005 })
    // wx-server-sdk's aggregate wrapper reports every failure as errCode -1; the message stays.
    await expect(db.collection('postz').aggregate().match({}).end()).rejects.toThrow(/Db or Table not exist: postz/)
    await expect(
      db.collection('posts').aggregate().lookup({ from: 'nope', localField: 'a', foreignField: 'b', as: 'c' }).end(),
    ).rejects.toThrow(/Db or Table not exist: nope/)
  })

  it('creates a collection on createCollection, and refuses to create it twice', async () => {
    world = await buildWorld([])
    const { db } = world
    await db.createCollection('later')
    await db.collection('later').add({ data: { _id: 'a' } })
    expect(world.local.count('later')).toBe(1)
    await expect(db.createCollection('later')).rejects.toThrow(/Table exist: later/)
  })

  it('refuses more than 1000 records in one get (the SDK caps limit; the wire refuses more)', async () => {
    world = await buildWorld([{ name: 'posts' }])
    world.local.insertMany(
      'posts',
      Array.from({ length: 1200 }, (_x, i) => ({ _id: `p${i}` })),
    )
    const capped = await world.db.collection('posts').limit(5000).get()
    expect(capped.data).toHaveLength(1000)
    const reply = await postAction(world.url, {
      action: 'database.getDocument',
      collectionName: 'posts',
      queryType: 'WHERE',
      limit: 1001,
    })
    expect(reply).toMatchObject({
      code: 'INVALID_PARAM',
      message: expect.stringMatching(/limit must be an integer from 1 to 1000/),
    })
  })

  it('refuses a duplicate _id', async () => {
    world = await buildWorld([{ name: 'orders' }])
    const { db } = world
    await db.collection('orders').add({ data: { _id: 'o-1', amountFen: 100 } })
    await expect(db.collection('orders').add({ data: { _id: 'o-1', amountFen: 200 } })).rejects.toMatchObject({
      errCode: -501001,
      errMsg: expect.stringMatching(/E11000 duplicate key error collection: orders index: _id_/),
    })
    expect(world.local.find('orders')).toEqual([{ _id: 'o-1', amountFen: 100 }])
    expect(() => world.local.insert('orders', { _id: 'o-1' })).toThrow(/duplicate key/)
  })

  it('refuses a batch insert with a duplicate inside, writing nothing', async () => {
    world = await buildWorld([{ name: 'orders' }])
    const reply = await postAction(world.url, {
      action: 'database.insertDocument',
      collectionName: 'orders',
      data: ['{"_id":"a"}', '{"_id":"b"}', '{"_id":"a"}'],
    })
    expect(reply).toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })
    expect(world.local.count('orders')).toBe(0)
  })

  it('refuses a non-string _id', async () => {
    world = await buildWorld([{ name: 'orders' }])
    await expect(world.db.collection('orders').add({ data: { _id: 42 } })).rejects.toMatchObject({
      errCode: -501007,
      errMsg: expect.stringMatching(/_id must be a non-empty string/),
    })
  })

  it('refuses to change _id in an update', async () => {
    world = await buildWorld([{ name: 'orders' }])
    world.local.insert('orders', { _id: 'o-1', meta: {} })
    const reply = await postAction(world.url, {
      action: 'database.modifyDocument',
      collectionName: 'orders',
      queryType: 'DOC',
      query: '{"_id":"o-1"}',
      data: '{"$set":{"_id":"o-2"}}',
      merge: true,
    })
    expect(reply).toMatchObject({ code: 'INVALID_PARAM' })
  })

  it('enforces declared unique indexes on insert, update and set', async () => {
    world = await buildWorld([UNIQUE_SIGNUPS])
    const { db } = world
    await db.collection('signups').add({ data: { _id: 's1', eventId: 'e1', openid: 'o1' } })
    await db.collection('signups').add({ data: { _id: 's2', eventId: 'e1', openid: 'o2' } })
    const duplicate = {
      errMsg: expect.stringMatching(/E11000 duplicate key error collection: signups index: event_openid/),
    }
    await expect(db.collection('signups').add({ data: { eventId: 'e1', openid: 'o1' } })).rejects.toMatchObject(
      duplicate,
    )
    await expect(
      db
        .collection('signups')
        .doc('s2')
        .update({ data: { openid: 'o1' } }),
    ).rejects.toMatchObject(duplicate)
    await expect(
      db
        .collection('signups')
        .doc('s3')
        .set({ data: { eventId: 'e1', openid: 'o2' } }),
    ).rejects.toMatchObject(duplicate)
    await expect(
      db
        .collection('signups')
        .where({ eventId: 'e1' })
        .update({ data: { openid: 'same' } }),
    ).rejects.toMatchObject(duplicate)
    // Moving a document off a key frees it.
    await db
      .collection('signups')
      .doc('s1')
      .update({ data: { openid: 'o9' } })
    await db.collection('signups').add({ data: { _id: 's4', eventId: 'e1', openid: 'o1' } })
    expect(world.local.count('signups')).toBe(3)
  })

  it('treats a missing unique field as null, like MongoDB: two documents without it collide', async () => {
    world = await buildWorld([UNIQUE_SIGNUPS])
    world.local.insert('signups', { _id: 's1', eventId: 'e1' })
    expect(() => world.local.insert('signups', { _id: 's2', eventId: 'e1' })).toThrow(/duplicate key/)
  })

  it('enforces unique indexes at transaction commit too', async () => {
    world = await buildWorld([UNIQUE_SIGNUPS])
    const { db } = world
    const tx = await db.startTransaction()
    await tx.collection('signups').add({ data: { _id: 's1', eventId: 'e1', openid: 'o1' } })
    await db.collection('signups').add({ data: { _id: 's2', eventId: 'e1', openid: 'o1' } })
    await expect(tx.commit()).rejects.toMatchObject({
      code: expect.stringMatching(/DATABASE_DUPLICATE_WRITE|DATABASE_TRANSACTION_CONFLICT/),
    })
    expect(world.local.find('signups').map((d) => d._id)).toEqual(['s2'])
  })

  it('answers unknown actions and unattached open APIs with clear errors', async () => {
    world = await buildWorld([{ name: 'posts' }])
    expect(await postAction(world.url, { action: 'database.getInTransaction' })).toMatchObject({
      code: 'INVALID_PARAM',
      message: expect.stringMatching(/getInTransaction is not supported/),
    })
    expect(await postAction(world.url, { action: 'storage.getUploadMetadata' })).toMatchObject({
      code: 'INVALID_PARAM',
      message: expect.stringMatching(/unknown action "storage.getUploadMetadata"/),
    })
    const { cloud } = world
    // the open API is attached by default (localcloud/openapi); an API it does not know is
    // answered as WeChat answers an API the function may not call
    await expect((cloud.openapi as any).no.suchApi({})).rejects.toMatchObject({ errCode: -604101 })
    // cloudPay is an untyped proxy in wx-server-sdk's typings.
    const { cloudPay } = cloud as unknown as { cloudPay: Record<string, (p: unknown) => Promise<unknown>> }
    await expect(cloudPay.unifiedOrder!({ body: 'x', totalFee: 1 })).rejects.toMatchObject({
      errMsg: expect.stringMatching(/wx.wxPayApi \(unifiedOrder\) has no local handler/),
    })
    await expect(cloud.callFunction({ name: 'circle', data: {} })).rejects.toMatchObject({
      errMsg: expect.stringMatching(/no function gateway attached/),
    })
  })

  it('routes callFunction to the attached gateway', async () => {
    const calls: unknown[] = []
    world = await buildWorld([], {
      invokeFunction: async (name, data, callerEnv) => {
        calls.push({ name, data, env: callerEnv.TCB_ENV })
        return { ok: true, data: { echo: data } }
      },
    })
    const res = (await world.cloud.callFunction({ name: 'circle', data: { action: 'list' } })) as { result: unknown }
    expect(res.result).toEqual({ ok: true, data: { echo: { action: 'list' } } })
    expect(calls).toEqual([{ name: 'circle', data: { action: 'list' }, env: 'local-test' }])
  })
})
