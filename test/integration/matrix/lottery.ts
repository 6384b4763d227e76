/** lottery: the team creates and ships; active members enter; any signed-in friend helps; a winner gives an address. */
import { createHash } from 'crypto'
import { commitmentOf, entryId, type LotteryEntryRecord, type LotteryRecord } from '@core/lottery'
import { matrixFor, TARGET, type Kit } from './_kit'

const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest())

/** A fresh lottery in the free circle: open (draw tomorrow) or drawn, with `winner` holding the physical prize. */
async function freshLottery(k: Kit, opts: { drawn?: { winner: string; address: boolean } } = {}): Promise<string> {
  const id = `lt_${Math.random().toString(36).slice(2, 10)}`
  const seed = createHash('sha256').update(id).digest('hex')
  const l: LotteryRecord = {
    _id: id,
    circleId: k.circleId,
    title: '矩阵测试抽奖',
    prizes: [{ kind: 'physical', title: '帆布袋', stock: 1 }],
    helpCap: 3,
    drawAt: new Date(k.now.getTime() + (opts.drawn ? -3_600_000 : 86_400_000)),
    commitment: commitmentOf(seed, sha256),
    seed,
    status: opts.drawn ? 'delivered' : 'open',
    entryCount: 1,
    winners: opts.drawn
      ? [
          {
            openid: opts.drawn.winner,
            nickname: '测试',
            prize: 0,
            address: opts.drawn.address
              ? { name: '张三', phone: '13800000000', address: '上海市徐汇区某路 1 号' }
              : null,
            shippedAt: null,
          },
        ]
      : [],
    drawnAt: opts.drawn ? k.now : null,
    createdBy: 'm_owner',
    createdAt: k.now,
    updatedAt: k.now,
  }
  await k.insert('lotteries', l as unknown as Record<string, unknown>)
  const entry: LotteryEntryRecord = {
    _id: entryId(id, TARGET),
    lotteryId: id,
    openid: TARGET,
    nickname: '测试',
    helps: 0,
    helpers: [],
    createdAt: k.now,
    updatedAt: k.now,
  }
  await k.insert('lotteryEntries', entry as unknown as Record<string, unknown>)
  return id
}

export default matrixFor('lottery', {
  create: {
    need: 'lottery.manage',
    input: (k) => ({
      circleId: k.circleId,
      title: '新抽奖',
      prizes: [{ kind: 'coupon', title: '10 元券', stock: 1, amountFen: 1000 }],
      drawAt: new Date(k.now.getTime() + 86_400_000).toISOString(),
    }),
  },
  list: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  get: { need: 'circle.read', input: async (k) => ({ lotteryId: await freshLottery(k) }) },
  enter: { need: 'lottery.enter', input: async (k) => ({ lotteryId: await freshLottery(k) }) },
  help: { need: 'signedIn', input: async (k) => ({ lotteryId: await freshLottery(k), helpee: TARGET }) },
  entries: { need: 'circle.read', input: async (k) => ({ lotteryId: await freshLottery(k) }) },
  address: {
    need: 'signedIn',
    input: async (k) => ({
      lotteryId: await freshLottery(k, { drawn: { winner: k.caller ?? TARGET, address: false } }),
      name: '李四',
      phone: '13900000000',
      address: '北京市海淀区某路 2 号',
    }),
  },
  ship: {
    need: 'lottery.manage',
    input: async (k) => ({
      lotteryId: await freshLottery(k, { drawn: { winner: TARGET, address: true } }),
      openid: TARGET,
    }),
  },
})
