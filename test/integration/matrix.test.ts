/**
 * The full permission matrix (issue 4 "Tests"): every action of every function with a data file
 * in test/integration/matrix/ × eleven personas (anonymous, stranger, applicant, expired, muted,
 * blacklisted, member, guest, admin, partner, owner), allowed exactly where core/permissions.ts
 * says. An allowed call must not fail with unauthenticated / not_member / forbidden; a refused
 * one must fail with exactly the expected code and change nothing in the database.
 *
 * Adding a function is adding `matrix/<fn>.ts` (see matrix/_kit.ts); its spec must cover every
 * action in the function's contract. One world is built once with real calls and direct writes,
 * and restored before each action; persona calls run one after another.
 */
import { inputs } from '@core/contract'
import { can } from '@core/permissions'
import { readdirSync } from 'fs'
import path from 'path'
import { blacklistId } from '../../cloudfunctions/runtime/blacklist'
import { COLLECTIONS } from '../../cloudfunctions/runtime/schema'
import {
  type ActionSpec,
  commentDoc,
  type Kit,
  type MatrixFile,
  membershipDoc,
  OPENID,
  type Outcome,
  PERSONAS,
  type Persona,
  postDoc,
  ROLE_OF,
  TARGET,
} from './matrix/_kit'
import { as, invoke, setClockOffset, startMoneyWorld, type MoneyWorld } from './world'

const PERMISSION_CODES = ['unauthenticated', 'not_member', 'forbidden']
const DAY = 86_400_000

const FILES: MatrixFile[] = readdirSync(path.join(__dirname, 'matrix'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .sort()
  .map((f) => require(path.join(__dirname, 'matrix', f)).default as MatrixFile)

let w: MoneyWorld
let dump: Record<string, any[]>
let world: {
  circleId: string
  paidCircleId: string
  approvalCircleId: string
  paidOrderId: string
  couponId: string
  courseId: string
}
let seq = 0

/** What the matrix says a persona's call must come to. */
function expected(spec: ActionSpec, persona: Persona): Outcome {
  const override = spec.expect?.[persona]
  if (override) return override
  if (persona === 'anonymous') return spec.need === 'public' ? 'allowed' : 'unauthenticated'
  if (spec.need === 'public' || spec.need === 'signedIn') return 'allowed'
  const role = ROLE_OF[persona]
  if (role === null) return 'not_member'
  return can(role, spec.need) ? 'allowed' : 'forbidden'
}

async function dbState() {
  const out: Record<string, unknown[]> = {}
  for (const c of COLLECTIONS) out[c.name] = await w.cloud.db.find(c.name)
  return JSON.stringify(out)
}

async function restore() {
  await w.cloud.db.wipe()
  for (const [name, docs] of Object.entries(dump)) if (docs.length) w.cloud.db.insertMany(name, docs)
}

async function buildWorld() {
  const owner = as(OPENID.owner)
  const free = await owner('circle', 'create', { name: '矩阵测试圈', type: 'interest', entryMode: 'free' })
  const paid = await owner('circle', 'create', { name: '矩阵付费圈', type: 'knowledge', entryMode: 'paid' })
  const approval = await owner('circle', 'create', { name: '矩阵审核圈', type: 'interest', entryMode: 'approval' })
  await owner('shop', 'setPricing', {
    circleId: paid.id,
    entry: { priceFen: 9900, markedPriceFen: null, term: { kind: 'rolling', days: 365 } },
    pass: { priceFen: 29900, days: 365 },
  })
  const target = as(TARGET)
  const start = await target('shop', 'order', { circleId: paid.id, product: { kind: 'entry' }, platform: 'h5' })
  await w.pay(start.order.id)
  await target('circle', 'join', { circleId: free.id })
  const now = new Date()
  for (const persona of PERSONAS) {
    const openid = OPENID[persona]
    if (!openid) continue
    if (w.cloud.db.count('users', { _id: openid }) === 0)
      w.cloud.db.insert('users', {
        _id: openid,
        nickname: `测试${persona}`,
        avatarUrl: '',
        createdAt: now,
        updatedAt: now,
      })
    for (const circleId of [free.id, paid.id, approval.id]) {
      const role = ROLE_OF[persona]
      if (persona === 'owner') continue
      if (role) {
        w.cloud.db.insert(
          'memberships',
          membershipDoc(
            circleId,
            openid,
            role,
            now,
            persona === 'muted' ? { mute: { until: null, by: OPENID.owner!, at: now } } : {},
          ) as never,
        )
      } else if (persona === 'expired') {
        w.cloud.db.insert(
          'memberships',
          membershipDoc(circleId, openid, 'member', now, { expiresAt: new Date(now.getTime() - DAY) }) as never,
        )
      } else if (persona === 'blacklisted') {
        w.cloud.db.insert('memberships', membershipDoc(circleId, openid, 'member', now, { status: 'removed' }) as never)
        w.cloud.db.insert('blacklist', {
          _id: blacklistId(circleId, openid),
          circleId,
          openid,
          by: OPENID.owner!,
          reason: '矩阵测试',
          createdAt: now,
          user: { nickname: '测试', avatarUrl: '' },
        })
      }
    }
  }
  // the applicant: a pending application in the approval circle's queue (a visitor everywhere)
  await as(OPENID.applicant)('member', 'apply', { circleId: approval.id, answers: [], note: '想加入学习' })
  const validFrom = new Date(now.getTime() - DAY).toISOString()
  const validUntil = new Date(now.getTime() + 30 * DAY).toISOString()
  const coupon = await owner('shop', 'createCoupon', {
    circleId: paid.id,
    couponCode: 'MATRIX10',
    title: '矩阵立减',
    couponKind: 'fixed',
    amountFen: 1000,
    couponLimit: 100,
    validFrom,
    validUntil,
    couponScopes: ['entry'],
  })
  const course = await owner('shop', 'saveCourse', {
    circleId: paid.id,
    title: '矩阵课程',
    priceFen: 1990,
    lessons: [{ title: '第一课', body: '试听内容', free: true }],
  })
  dump = {}
  for (const c of COLLECTIONS) dump[c.name] = await w.cloud.db.find(c.name)
  world = {
    circleId: free.id,
    paidCircleId: paid.id,
    approvalCircleId: approval.id,
    paidOrderId: start.order.id,
    couponId: coupon.id,
    courseId: course.id,
  }
}

function kitFor(persona: Persona): Kit {
  const find = async (collection: string) => (await w.cloud.db.find(collection)) as any[]
  const circleDoc = async (id: string) => (await find('circles')).find((c) => c._id === id)
  const memberDoc = async (circleId: string, openid: string) =>
    (await find('memberships')).find((m) => m._id === `${circleId}:${openid}`)
  const kit: Kit = {
    ...world,
    caller: OPENID[persona],
    persona,
    now: new Date(),
    async freshMember(role = 'member', circleId = world.circleId) {
      const openid = `m_fresh${++seq}`
      const now = new Date()
      if (w.cloud.db.count('users', { _id: openid }) === 0)
        w.cloud.db.insert('users', {
          _id: openid,
          nickname: `新成员${seq}`,
          avatarUrl: '',
          createdAt: now,
          updatedAt: now,
        })
      w.cloud.db.insert('memberships', membershipDoc(circleId, openid, role, now) as never)
      return openid
    },
    async post(author = TARGET, extra = {}) {
      const id = `mpost${++seq}`
      const circle = await circleDoc(world.circleId)
      w.cloud.db.insert(
        'posts',
        postDoc(id, circle, await memberDoc(world.circleId, author), new Date(), extra) as never,
      )
      return id
    },
    async comment(author = TARGET) {
      const postId = await kit.post(TARGET)
      const post = (await find('posts')).find((p) => p._id === postId)
      const id = `mcomment${++seq}`
      w.cloud.db.insert('comments', commentDoc(id, post, await memberDoc(world.circleId, author), new Date()) as never)
      return id
    },
    async insert(collection, doc) {
      w.cloud.db.insert(collection, doc)
    },
    find,
  }
  return kit
}

beforeAll(async () => {
  w = await startMoneyWorld()
  setClockOffset(0)
  await buildWorld()
}, 60_000)
afterAll(() => w.close())

it('has data files, each covering exactly the actions of its function', () => {
  expect(FILES.length).toBeGreaterThan(0)
  for (const file of FILES) {
    const contract = Object.keys(inputs[file.fn]).sort()
    expect({ fn: file.fn, actions: Object.keys(file.actions).sort() }).toEqual({ fn: file.fn, actions: contract })
  }
})

for (const file of FILES) {
  describe(`${file.fn}`, () => {
    for (const [action, spec] of Object.entries(file.actions) as [string, ActionSpec][]) {
      it(`${action} (${spec.need})`, async () => {
        await restore()
        const failures: string[] = []
        for (const persona of PERSONAS) {
          const want = expected(spec, persona)
          const input = await spec.input(kitFor(persona))
          const before = want === 'allowed' ? null : await dbState()
          const res = await invoke(OPENID[persona], file.fn as never, { action, ...input })
          const got = res.ok ? 'ok' : res.error.code
          if (want === 'allowed') {
            // invalid_argument or internal would mean the data file's input proves nothing
            if (!res.ok && [...PERMISSION_CODES, 'invalid_argument', 'internal'].includes(res.error.code))
              failures.push(`${persona}: expected allowed, got ${got}`)
          } else if (got !== want) {
            failures.push(`${persona}: expected ${want}, got ${got}`)
          } else if ((await dbState()) !== before) {
            failures.push(`${persona}: refused with ${got} but the database changed`)
          }
        }
        expect(failures).toEqual([])
      })
    }
  })
}
