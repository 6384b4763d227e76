/**
 * Bad input at every function's boundary (runtime/handler.ts): refused with a clear error from the
 * closed table, before zod, with nothing written.
 */
import { as, invoke, snapshot, useMoneyWorld } from './world'

jest.setTimeout(30_000)

const w = useMoneyWorld()
const owner = as('o_owner')
const alice = as('o_alice')
const DAY = 86_400_000

async function freeEvent() {
  const c = await owner('circle', 'create', { name: '城市徒步俱乐部', type: 'interest', entryMode: 'free' })
  await alice('circle', 'join', { circleId: c.id })
  const start = Date.now() + 10 * DAY
  const e = await owner('event', 'save', {
    circleId: c.id,
    title: '周末西山徒步',
    description: '',
    startAt: new Date(start).toISOString(),
    endAt: new Date(start + 3600_000).toISOString(),
    place: { kind: 'online', link: 'https://meeting.example.com/1' },
    capacity: 20,
    priceFen: 0,
    form: { name: true, phone: false, fields: [] },
  } as never)
  return e.id as string
}

describe('the boundary of every function', () => {
  it('refuses a __proto__ key inside a record (which zod would drop) and signs nobody up', async () => {
    const eventId = await freeEvent()
    const before = await snapshot(w.cloud)
    // JSON.parse makes `__proto__` an own key, exactly as a request body arrives
    const event = JSON.parse(
      `{"action":"signUp","eventId":"${eventId}","contactName":"张三","answers":{"__proto__":{"x":1}}}`,
    )
    const res = await invoke('o_alice', 'event', event)
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', param: 'answers.__proto__', message: '问卷回答填写有误，请检查后再试' },
    })
    expect(await snapshot(w.cloud)).toEqual(before)
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('refuses constructor and prototype keys at any depth, and at the top', async () => {
    for (const body of [
      '{"action":"updateProfile","nickname":"张三","constructor":{"prototype":{"x":1}}}',
      '{"action":"updateProfile","prototype":1}',
    ]) {
      const res = await invoke('o_alice', 'user', JSON.parse(body))
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument', param: expect.stringMatching(/^(constructor|prototype)/) },
      })
    }
  })

  it('answers an action that is not a string with unknown_action, for every kind of value', async () => {
    for (const action of [{ toString: 'x' }, ['signUp'], 42, null]) {
      expect(await invoke('o_alice', 'event', { action })).toEqual({
        ok: false,
        error: { code: 'unknown_action', message: '不支持的操作', param: 'action' },
      })
    }
  })

  it('answers a timer event whose trigger name is not a string with unknown_action', async () => {
    expect(await invoke(null, 'term', { Type: 'Timer', TriggerName: { toString: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'unknown_action', param: 'TriggerName' },
    })
  })
})
