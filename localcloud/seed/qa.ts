/**
 * Demo Q&A in the free 晨读会 (owner 林知远, guest 周): both answerers priced, three free questions
 * per member term, answered public questions to peek at (a member pays at the local cashier), one
 * anonymous, one private, one declined, and one still pending with its countdown running.
 */
import type { SeedContext } from './context'

export async function seedQa({ call, at, later, openidOf, circleId }: SeedContext): Promise<void> {
  const morning = circleId('morning')
  const lin = openidOf('lin')
  const zhou = openidOf('zhou')
  at(6, 9, 0)
  await call('circle', 'setRole', { circleId: morning, openid: zhou, role: 'guest' }, lin)
  await call(
    'qa',
    'setSettings',
    { circleId: morning, freeQuestionsPerTerm: 3, expireHours: 72, peekPriceFen: 100, askerShareBps: 5000 },
    lin,
  )
  await call('qa', 'setPrice', { circleId: morning, priceFen: 1000 }, lin)
  await call('qa', 'setPrice', { circleId: morning, priceFen: 500 }, zhou)

  const ask = async (who: string, answerer: string, text: string, extra: Record<string, unknown> = {}) =>
    (await call('qa', 'ask', { circleId: morning, answerer, text, ...extra }, openidOf(who))).question.id as string

  at(5, 7, 40)
  const q1 = await ask(
    'chen',
    lin,
    '每天早上只有 20 分钟，读完一本 300 页的书要两个多月，中途总是忘了前面讲什么，怎么办？',
  )
  later(95)
  await call(
    'qa',
    'answer',
    {
      questionId: q1,
      text: '两个办法：一是每读完一章写三行“这一章在说什么”，下次开读前先看一眼；二是挑结构清楚的书先练手，比如《置身事内》每章都有小结。忘记是正常的，笔记就是给未来的自己留的路标。',
    },
    lin,
  )

  at(4, 21, 10)
  const q2 = await ask('wang', zhou, '想带 6 岁的孩子一起晨读，有适合亲子共读的书推荐吗？', { anonymous: true })
  later(60)
  await call(
    'qa',
    'answer',
    {
      questionId: q2,
      text: '推荐《小猪唏哩呼噜》和《我爸爸》。6 岁的孩子注意力大约 15 分钟，先读绘本，读完让孩子讲一遍给你听，比你讲给他听效果好。',
    },
    zhou,
  )

  at(3, 8, 5)
  const q3 = await ask('zhao', lin, '读书笔记要不要公开发在圈子里？总觉得自己写得不好。', { isPublic: false })
  later(30)
  await call(
    'qa',
    'answer',
    { questionId: q3, text: '要发。写得不好才更要发：别人的一句回应，比你自己闷头写一个月更有用。' },
    lin,
  )

  at(2, 12, 0)
  const q4 = await ask('chen', zhou, '能帮我列一份考研英语的阅读书单吗？')
  later(45)
  await call('qa', 'decline', { questionId: q4, reason: '考研英语不是我擅长的领域，建议问问专业老师。' }, zhou)

  at(1, 22, 30)
  await ask('su', lin, '下个月共读书目可以选一本摄影相关的书吗？比如《摄影的艺术》。')
}
