/**
 * The API contract between the app and the cloud functions: a registry that assembles one contract
 * file per function (core/contracts/<function>.ts: its input schemas and its output types).
 * Inputs are zod schemas (the functions validate with them at the boundary); outputs are types.
 * The app imports this file with `import type` only, so zod never reaches the app bundle.
 *
 * Below the contract sit the shared words (core/vocabulary.ts) and the limits (core/limits.ts): the
 * contract files import them, and so do the rules; no rule file imports a contract file's values.
 */
import type { z } from 'zod'
import { challengeInputs, type ChallengeOutputs } from './contracts/challenge'
import { circleInputs, type CircleOutputs } from './contracts/circle'
import { eventInputs, type EventOutputs } from './contracts/event'
import { groupInputs, type GroupOutputs } from './contracts/group'
import { growthInputs, type GrowthOutputs } from './contracts/growth'
import { lotteryInputs, type LotteryOutputs } from './contracts/lottery'
import { memberInputs, type MemberOutputs } from './contracts/member'
import { moderateInputs, type ModerateOutputs } from './contracts/moderate'
import { notifyInputs, type NotifyOutputs } from './contracts/notify'
import { perkInputs, type PerkOutputs } from './contracts/perk'
import { postInputs, type PostOutputs } from './contracts/post'
import { qaInputs, type QaOutputs } from './contracts/qa'
import { shopInputs, type ShopOutputs } from './contracts/shop'
import { statsInputs, type StatsOutputs } from './contracts/stats'
import { termInputs, type TermOutputs } from './contracts/term'
import { userInputs, type UserOutputs } from './contracts/user'
import { walletInputs, type WalletOutputs } from './contracts/wallet'

// The words and the outputs of the first five functions were defined here before they had files of
// their own: re-exported, so `import type { Role, PostView } from '@core/contract'` keeps working.
export * from './vocabulary'
export type * from './contracts/circle'
export type * from './contracts/post'
export type * from './contracts/shop'
export type * from './contracts/user'
export type * from './contracts/wallet'
export type { CircleProfile } from './circle'
export type { EntryPriceTag } from './money/pricing'

// ---------- inputs, by function and action ----------

export const inputs = {
  user: userInputs,
  circle: circleInputs,
  post: postInputs,
  shop: shopInputs,
  wallet: walletInputs,
  member: memberInputs,
  moderate: moderateInputs,
  notify: notifyInputs,
  challenge: challengeInputs,
  qa: qaInputs,
  event: eventInputs,
  perk: perkInputs,
  term: termInputs,
  stats: statsInputs,
  lottery: lotteryInputs,
  group: groupInputs,
  growth: growthInputs,
} as const

export type Inputs = typeof inputs
export type FunctionName = keyof Inputs
export type ActionName<F extends FunctionName> = keyof Inputs[F] & string
/** What the app sends (defaults may be left out). */
export type InputOf<F extends FunctionName, A extends ActionName<F>> = z.input<Inputs[F][A]>
/** What an action receives after validation. */
export type ParsedInput<F extends FunctionName, A extends ActionName<F>> = z.output<Inputs[F][A]>

// ---------- outputs, by function and action ----------

export interface Outputs {
  user: UserOutputs
  circle: CircleOutputs
  post: PostOutputs
  shop: ShopOutputs
  wallet: WalletOutputs
  member: MemberOutputs
  moderate: ModerateOutputs
  notify: NotifyOutputs
  challenge: ChallengeOutputs
  qa: QaOutputs
  event: EventOutputs
  perk: PerkOutputs
  term: TermOutputs
  stats: StatsOutputs
  lottery: LotteryOutputs
  group: GroupOutputs
  growth: GrowthOutputs
}

export type OutputOf<F extends FunctionName, A extends ActionName<F>> = A extends keyof Outputs[F]
  ? Outputs[F][A]
  : never
