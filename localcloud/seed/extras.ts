/**
 * Each feature's demo data, written through the real functions after the circles, posts and
 * purchases exist. One function per feature, in the order listed.
 */
import { seedEntry } from './entry'
import { seedEvents } from './event'
import { seedPricing } from './pricing'
import { seedPerks } from './perk'
import { seedLifecycle } from './lifecycle'
import { seedQa } from './qa'
import { seedChallenges } from './challenge'
import { seedModeration } from './moderation'
import { seedContent } from './content'
import { seedScheduledPosts } from './posts'
import { seedLottery } from './lottery'
import { seedGroup } from './group'
import { seedGrowth } from './growth'
import type { SeedContext } from './context'

export type SeedExtra = (ctx: SeedContext) => Promise<void>

export const SEED_EXTRAS: SeedExtra[] = [
  // ---- entry ----
  seedEntry,
  // ---- pricing ----
  seedPricing,
  // ---- lifecycle ----
  seedLifecycle,
  // ---- moderation ----
  seedModeration,
  // ---- content: content security, held content, files, watermark ----
  seedContent,
  // ---- challenge ----
  seedChallenges,
  // ---- qa ----
  seedQa,
  // ---- event ----
  seedEvents,
  // ---- perk ----
  seedPerks,
  // ---- posts: scheduled posts and drafts ----
  seedScheduledPosts,
  // ---- lottery ----
  seedLottery,
  // ---- group: 拼团 ----
  seedGroup,
  // ---- growth: newcomer tasks and invite milestones ----
  seedGrowth,
]
