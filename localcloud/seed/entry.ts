/**
 * Entry's demo data (docs/entry.md), written through the real functions: 产品经理成长营 (pm) becomes
 * an approval + paid circle (¥199/年, pay within 72 h of approval) with a questionnaire; 吴晓 has a
 * pending application that came through 林知远's 公众号 invite, 周可 was approved yesterday and has
 * not paid yet, 苏念 was turned down with a reason; 苏念 gives 赵悦 30 days of 人像摄影进阶 (赠送会员).
 */
import type { SeedContext } from './context'

const QUESTIONS = [
  { kind: 'text', title: '你现在做什么工作？做了多久？', required: true },
  { kind: 'single', title: '产品经验', options: ['还没做过产品', '1 年以内', '1–3 年', '3 年以上'], required: true },
  {
    kind: 'multiple',
    title: '最想在这里提升什么？',
    options: ['需求分析', '原型设计', '数据分析', '作品集', '面试'],
    required: true,
  },
  { kind: 'text', title: '最近遇到的一个产品问题', required: false },
]

export async function seedEntry(ctx: SeedContext): Promise<void> {
  const { call, at, openidOf, circleId } = ctx
  const pm = circleId('pm')
  const lin = openidOf('lin')

  at(6, 9, 0)
  await call('member', 'saveQuestionnaire', { circleId: pm, questions: QUESTIONS, payWindowHours: 72 }, lin)
  await call(
    'shop',
    'setPricing',
    { circleId: pm, entry: { priceFen: 19_900, markedPriceFen: 29_900, term: { kind: 'rolling', days: 365 } } },
    lin,
  )
  const invite = await call('member', 'createInvite', { circleId: pm, channel: '公众号' }, lin)

  at(3, 20, 15)
  await call(
    'member',
    'apply',
    {
      circleId: pm,
      answers: [
        { questionId: 'q1', text: '在一家 SaaS 公司做运营，两年' },
        { questionId: 'q2', choices: ['还没做过产品'] },
        { questionId: 'q3', choices: ['需求分析', '面试'] },
      ],
      note: '想转行做产品，求带',
    },
    openidOf('su'),
  )
  at(2, 10, 5)
  await call(
    'member',
    'review',
    {
      circleId: pm,
      openid: openidOf('su'),
      round: 1,
      decision: 'reject',
      reason: '我们主要面向在职产品经理，转行的同学可以先看看精华预览',
    },
    lin,
  )

  at(1, 9, 30)
  await call(
    'member',
    'apply',
    {
      circleId: pm,
      answers: [
        { questionId: 'q1', text: '电商公司产品助理，8 个月' },
        { questionId: 'q2', choices: ['1 年以内'] },
        { questionId: 'q3', choices: ['原型设计', '作品集'] },
        { questionId: 'q4', text: '需求评审时总被开发质疑优先级' },
      ],
      note: '朋友推荐来的',
    },
    openidOf('zhou'),
  )
  at(1, 11, 0)
  await call('member', 'review', { circleId: pm, openid: openidOf('zhou'), round: 1, decision: 'approve' }, lin)

  at(0, 8, 40)
  await call(
    'member',
    'apply',
    {
      circleId: pm,
      answers: [
        { questionId: 'q1', text: '教育公司，做了一年半的 B 端产品' },
        { questionId: 'q2', choices: ['1–3 年'] },
        { questionId: 'q3', choices: ['数据分析', '作品集'] },
      ],
      note: '看了公众号的案例拆解',
      inviteCode: invite.code,
    },
    openidOf('wu'),
  )

  // 赠送会员: the paid circle's owner thanks an active member with a month
  at(0, 9, 0)
  await call(
    'member',
    'grant',
    { circleId: circleId('photo'), openid: openidOf('zhao'), grantDays: 30, requestId: 'seed-comp-zhao-0001' },
    openidOf('su'),
  )
}
