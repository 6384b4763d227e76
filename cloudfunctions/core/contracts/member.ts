/** The `member` function's contract: 入圈申请（问卷审核）、试用、赠送会员、邀请（issue 4）. */

export const memberInputs = {} as const

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface MemberOutputs {}
