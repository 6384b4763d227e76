/** The zod pieces every contract file shares (kept apart so the per-function files can import them). */
import { z } from 'zod'
import { LIMITS } from '../limits'

/** Length in characters as a person counts them (code points, so an emoji is one). */
export const chars = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((s) => [...s].length >= min && [...s].length <= max, {
      message: `length must be ${min}-${max} characters`,
    })

export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_:.-]+$/)
export const fileId = z
  .string()
  .max(512)
  .regex(/^cloud:\/\/[^\s]+$/, 'must be a cloud:// file id')
export const cursor = z.string().max(512).optional()
export const tag = chars(1, LIMITS.tagChars).refine((s) => !/[\s#]/.test(s), 'no spaces or # in a tag')

export const fen = z.number().int().min(0).max(100_000_000)
export const bps = z.number().int().min(0).max(10_000)
/** A calendar day in Asia/Shanghai, e.g. 2026-11-23. */
export const dayKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
/** A wall-clock time in Asia/Shanghai, e.g. 23:00. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm')
/** An instant as ISO 8601 with an offset. */
export const instant = z.string().datetime({ offset: true })
