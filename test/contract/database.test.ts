// The real wx-server-sdk against the strict local database: what CloudBase does, the emulator does.
import { buildWorld, type World } from './world'

const FIXED_NOW = new Date('2025-03-01T08:00:00.000Z')

describe('the local database answers the unmodified wx-server-sdk', () => {
  let world: World
  afterEach(() => world?.close())

  it('adds, reads, updates, replaces and removes a document', async () => {
    world = await buildWorld([{ name: 'circles' }])
    const { db, _ } = world
    const added = await db.collection('circles').add({
      data: {
        _id: 'c1',
        name: '读书会',
        priceFen: 9900,
        tags: ['book'],
        owner: { openid: 'o1' },
        createdAt: new Date('2025-01-01T00:00:00Z'),
      },
    })
    expect(added._id).toBe('c1')

    const { data } = await db.collection('circles').doc('c1').get()
    expect(data).toEqual({
      _id: 'c1',
      name: '读书会',
      priceFen: 9900,
      tags: ['book'],
      owner: { openid: 'o1' },
      createdAt: new Date('2025-01-01T00:00:00Z'),
    })
    expect(data.createdAt).toBeInstanceOf(Date)

    const updated = await db
      .collection('circles')
      .doc('c1')
      .update({
        data: { priceFen: _.inc(100), tags: _.push(['club']), owner: { nickname: '小明' }, name: _.remove() },
      })
    expect(updated.stats.updated).toBe(1)
    const after = (await db.collection('circles').doc('c1').get()).data
    expect(after).toMatchObject({ priceFen: 10000, tags: ['book', 'club'], owner: { openid: 'o1', nickname: '小明' } })
    expect(after).not.toHaveProperty('name')

    const replaced = await db
      .collection('circles')
      .doc('c1')
      .set({ data: { name: '新名字' } })
    expect(replaced.stats).toEqual({ updated: 1, created: 0 })
    expect((await db.collection('circles').doc('c1').get()).data).toEqual({ _id: 'c1', name: '新名字' })

    const created = await db
      .collection('circles')
      .doc('c2')
      .set({ data: { name: '第二个' } })
    expect(created.stats).toEqual({ updated: 0, created: 1 })

    const removed = await db.collection('circles').doc('c1').remove()
    expect(removed.stats.removed).toBe(1)
    await expect(db.collection('circles').doc('c1').get()).rejects.toThrow(/does not exist/)
    expect(world.local.count('circles')).toBe(1)
  })

  it('generates a string _id when none is given', async () => {
    world = await buildWorld([{ name: 'posts' }])
    const { _id } = await world.db.collection('posts').add({ data: { text: 'hi' } })
    expect(typeof _id).toBe('string')
    expect(world.local.find('posts', { _id })).toHaveLength(1)
  })

  it('evaluates db.command operators, nested paths, regular expressions and dates as dates', async () => {
    world = await buildWorld([{ name: 'members' }])
    const { db, _ } = world
    world.local.insertMany('members', [
      {
        _id: 'm1',
        circleId: 'c1',
        role: 'owner',
        joinedAt: new Date('2025-01-01T00:00:00Z'),
        profile: { city: '上海' },
        score: 5,
      },
      {
        _id: 'm2',
        circleId: 'c1',
        role: 'member',
        joinedAt: new Date('2025-02-01T00:00:00Z'),
        profile: { city: '北京' },
        score: 15,
      },
      {
        _id: 'm3',
        circleId: 'c2',
        role: 'member',
        joinedAt: new Date('2025-03-01T00:00:00Z'),
        profile: { city: '上海' },
        score: 25,
      },
    ])
    const ids = async (query: unknown) =>
      (await db.collection('members').where(query).get()).data.map((d: { _id: string }) => d._id).sort()

    expect(await ids({ circleId: 'c1' })).toEqual(['m1', 'm2'])
    expect(await ids({ profile: { city: '上海' } })).toEqual(['m1', 'm3'])
    expect(await ids({ score: _.gt(5).and(_.lte(25)) })).toEqual(['m2', 'm3'])
    expect(await ids({ role: _.in(['owner']) })).toEqual(['m1'])
    expect(await ids({ role: _.neq('owner') })).toEqual(['m2', 'm3'])
    expect(await ids(_.or([{ score: _.lt(10) }, { circleId: 'c2' }]))).toEqual(['m1', 'm3'])
    expect(await ids({ joinedAt: _.gte(new Date('2025-02-01T00:00:00Z')) })).toEqual(['m2', 'm3'])
    expect(await ids({ profile: { city: db.RegExp({ regexp: '^北' }) } })).toEqual(['m2'])
    expect(await ids({ nickname: _.exists(false), score: _.nin([5]) })).toEqual(['m2', 'm3'])
  })

  it('pages with orderBy + limit on a (createdAt, _id) cursor', async () => {
    world = await buildWorld([{ name: 'posts' }])
    const { db, _ } = world
    const base = Date.parse('2025-01-01T00:00:00Z')
    // Two posts share each timestamp so the _id tie-breaker matters.
    world.local.insertMany(
      'posts',
      Array.from({ length: 25 }, (_x, i) => ({
        _id: `p${String(i).padStart(2, '0')}`,
        createdAt: new Date(base + Math.floor(i / 2) * 1000),
      })),
    )
    const seen: string[] = []
    let cursor: { createdAt: Date; _id: string } | null = null
    for (;;) {
      const where: unknown = cursor
        ? _.or([{ createdAt: _.lt(cursor.createdAt) }, { createdAt: cursor.createdAt, _id: _.lt(cursor._id) }])
        : {}
      const page: { data: { _id: string; createdAt: Date }[] } = await db
        .collection('posts')
        .where(where)
        .orderBy('createdAt', 'desc')
        .orderBy('_id', 'desc')
        .limit(10)
        .get()
      seen.push(...page.data.map((d) => d._id))
      if (page.data.length < 10) break
      cursor = page.data[page.data.length - 1]!
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_x, i) => `p${String(24 - i).padStart(2, '0')}`))
  })

  it('counts, skips and projects fields', async () => {
    world = await buildWorld([{ name: 'posts' }])
    const { db, _ } = world
    world.local.insertMany(
      'posts',
      Array.from({ length: 7 }, (_x, i) => ({ _id: `p${i}`, n: i, body: 'x'.repeat(i) })),
    )
    expect(
      (
        await db
          .collection('posts')
          .where({ n: _.gte(2) })
          .count()
      ).total,
    ).toBe(5)
    const page = await db.collection('posts').orderBy('n', 'asc').skip(2).limit(2).field({ n: true }).get()
    expect(page.data).toEqual([
      { _id: 'p2', n: 2 },
      { _id: 'p3', n: 3 },
    ])
  })

  it('returns 100 records by default when no limit is given', async () => {
    world = await buildWorld([{ name: 'posts' }])
    world.local.insertMany(
      'posts',
      Array.from({ length: 150 }, (_x, i) => ({ _id: `p${i}` })),
    )
    expect((await world.db.collection('posts').get()).data).toHaveLength(100)
  })

  it('updates and removes many documents with where', async () => {
    world = await buildWorld([{ name: 'members' }])
    const { db, _ } = world
    world.local.insertMany('members', [
      { _id: 'a', circleId: 'c1', tags: ['x', 'y'] },
      { _id: 'b', circleId: 'c1', tags: ['y'] },
      { _id: 'c', circleId: 'c2', tags: [] },
    ])
    const up = await db
      .collection('members')
      .where({ circleId: 'c1' })
      .update({ data: { status: 'active', tags: _.pull('y') } })
    expect(up.stats.updated).toBe(2)
    expect(world.local.find('members', { status: 'active' }).map((d) => d.tags)).toEqual([['x'], []])
    await db
      .collection('members')
      .doc('c')
      .update({ data: { tags: _.addToSet('z'), visits: _.inc(1) } })
    await db
      .collection('members')
      .doc('c')
      .update({ data: { tags: _.addToSet('z'), visits: _.mul(3) } })
    expect(world.local.find('members', { _id: 'c' })[0]).toMatchObject({ tags: ['z'], visits: 3 })
    const rm = await db.collection('members').where({ circleId: 'c1' }).remove()
    expect(rm.stats.removed).toBe(2)
    expect(world.local.count('members')).toBe(1)
  })

  it('aggregates with $lookup (let + pipeline + $expr), $group, $sort, $project and $count', async () => {
    world = await buildWorld([{ name: 'circles' }, { name: 'members' }])
    const { db, _ } = world
    const $ = _.aggregate
    world.local.insertMany('circles', [
      { _id: 'c1', name: 'A' },
      { _id: 'c2', name: 'B' },
    ])
    world.local.insertMany('members', [
      { _id: 'm1', circleId: 'c1', status: 'active' },
      { _id: 'm2', circleId: 'c1', status: 'active' },
      { _id: 'm3', circleId: 'c1', status: 'left' },
      { _id: 'm4', circleId: 'c2', status: 'active' },
    ])
    const joined = await db
      .collection('circles')
      .aggregate()
      .lookup({
        from: 'members',
        let: { circleId: '$_id' },
        pipeline: $.pipeline()
          .match(_.expr($.and([$.eq(['$circleId', '$$circleId']), $.eq(['$status', 'active'])])))
          .project({ _id: 1 })
          .done(),
        as: 'activeMembers',
      })
      .addFields({ memberCount: $.size('$activeMembers') })
      .project({ activeMembers: 0 })
      .sort({ memberCount: -1 })
      .end()
    expect(joined.list).toEqual([
      { _id: 'c1', name: 'A', memberCount: 2 },
      { _id: 'c2', name: 'B', memberCount: 1 },
    ])

    const grouped = await db
      .collection('members')
      .aggregate()
      .match({ status: 'active' })
      .group({ _id: '$circleId', n: $.sum(1) })
      .sort({ _id: 1 })
      .limit(5)
      .end()
    expect(grouped.list).toEqual([
      { _id: 'c1', n: 2 },
      { _id: 'c2', n: 1 },
    ])
    const counted = await db.collection('members').aggregate().match({ status: 'left' }).count('left').end()
    expect(counted.list).toEqual([{ left: 1 }])
  })

  it('resolves serverDate on the server, with its offset', async () => {
    world = await buildWorld([{ name: 'checkins' }], { now: () => FIXED_NOW })
    const { db } = world
    await db
      .collection('checkins')
      .add({ data: { _id: 'k1', at: db.serverDate(), due: db.serverDate({ offset: 60_000 }) } })
    await db
      .collection('checkins')
      .doc('k1')
      .update({ data: { seenAt: db.serverDate() } })
    const { data } = await db.collection('checkins').doc('k1').get()
    expect(data.at).toEqual(FIXED_NOW)
    expect(data.due).toEqual(new Date(FIXED_NOW.getTime() + 60_000))
    expect(data.seenAt).toEqual(FIXED_NOW)
    const due = await db
      .collection('checkins')
      .where({ due: world._.gt(db.serverDate()) })
      .count()
    expect(due.total).toBe(1)
  })

  it('keeps numbers typed: integers, decimals and large integers survive the round trip', async () => {
    world = await buildWorld([{ name: 'ledger' }])
    const { db } = world
    await db
      .collection('ledger')
      .add({ data: { _id: 'j1', amountFen: 12345, rate: 0.006, big: 1_700_000_000_000, neg: -3 } })
    const { data } = await db.collection('ledger').doc('j1').get()
    expect(data).toEqual({ _id: 'j1', amountFen: 12345, rate: 0.006, big: 1_700_000_000_000, neg: -3 })
  })

  it('counts every SDK call by action', async () => {
    world = await buildWorld([{ name: 'posts' }])
    const { db } = world
    await db.collection('posts').add({ data: { _id: 'p' } })
    await db.collection('posts').doc('p').get()
    await db.collection('posts').where({}).count()
    expect(world.local.callCounts()).toEqual({ insertDocument: 1, getDocument: 1, calculateDocument: 1 })
    expect(world.local.totalCalls()).toBe(3)
    world.local.resetCallCounts()
    expect(world.local.totalCalls()).toBe(0)
  })
})
