/** The owner's sub-merchant under 平台收付通 (wallet function; docs/payments.md "Onboarding"). */
import { z } from 'zod'
import type { MerchantState, SubjectType } from '../merchant'
import { chars, fileId, id } from './base'

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

export const merchantInputs = {
  /** The caller's own application and sub-merchant: state, next step, masked details, balance at WeChat Pay. */
  merchant: z.strictObject({}),
  /** Sends an image already in cloud storage to WeChat Pay's media API; answers its media_id for the form. */
  uploadMerchantImage: z.strictObject({ fileId }),
  /** The 进件 form. Identity and bank details are encrypted for WeChat Pay and never stored in plain text. */
  applyMerchant: z.strictObject({
    subjectType: z.enum(['micro', 'individual', 'enterprise']),
    merchantShortname: chars(2, 20),
    license: z
      .strictObject({
        mediaId: chars(1, 128),
        number: z.string().regex(/^[0-9A-Z]{15,18}$/),
        merchantName: chars(2, 64),
      })
      .optional(),
    idCard: z.strictObject({
      portraitMediaId: chars(1, 128),
      nationalMediaId: chars(1, 128),
      name: chars(2, 30),
      number: z.string().regex(/^\d{17}[\dXx]$/),
      validFrom: date,
      validTo: z.union([date, z.literal('长期')]),
    }),
    bank: z.strictObject({
      accountType: z.enum(['personal', 'corporate']),
      bankName: chars(2, 40),
      bankAddressCode: z.string().regex(/^\d{6}$/),
      accountNumber: z.string().regex(/^\d{12,30}$/),
      accountName: chars(2, 64),
    }),
    contact: z.strictObject({ mobile: z.string().regex(/^1\d{10}$/), email: z.string().email().max(64).optional() }),
    storeName: chars(2, 40),
  }),
  /** Asks WeChat Pay how the application stands now (the timer does it every 10 minutes too). */
  refreshMerchant: z.strictObject({}),
  /** Whether a circle can take money now (the catalog and the owner's setup page read it). */
  sellable: z.strictObject({ circleId: id }),
}

export interface MerchantView {
  mode: 'platform' | 'self'
  /** null: never applied. */
  state: MerchantState | null
  label: string
  next: string
  subjectType: SubjectType | null
  merchantShortname: string | null
  subMchid: string | null
  /** 待签约: the link the super admin opens in WeChat (shown as a QR code). */
  signUrl: string | null
  /** The sign link drawn as a QR code (PNG data URL), for the super admin to scan with WeChat. */
  signQr: string | null
  accountValidation: Record<string, unknown> | null
  rejectReasons: { field: string; reason: string }[]
  masked: { name: string; idNumber: string; bankAccount: string; bankName: string; mobile: string } | null
  /** The sub-merchant's balance, asked of WeChat Pay now (not our cache); null before it exists. */
  balance: { pendingFen: number; availableFen: number } | null
}

export interface MerchantOutputs {
  merchant: MerchantView
  uploadMerchantImage: { mediaId: string }
  applyMerchant: MerchantView
  refreshMerchant: MerchantView
  sellable: { sellable: boolean; reason: 'merchant_not_ready' | null }
}
