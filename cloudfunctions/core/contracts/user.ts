/** The `user` function's contract: sign-in and the caller's profile. */
import { z } from 'zod'
import { LIMITS } from '../limits'
import type { UserView } from '../vocabulary'
import { chars, fileId } from './base'
import type { SaleView } from './shop'

export const userInputs = {
  /** code: wx.login's code, exchanged on the server for the session_key virtual payment signs with (never returned). */
  login: z.strictObject({ code: z.string().min(1).max(128).optional() }),
  updateProfile: z.strictObject({
    nickname: chars(1, LIMITS.nicknameChars).optional(),
    avatarUrl: fileId.or(z.literal('')).optional(),
  }),
}

export interface Me extends UserView {
  createdAt: string
  /** How virtual goods are sold to the device that signed in (lists without their own flag, e.g. circle cards, read it). */
  virtualGoods?: SaleView
}

export interface UserOutputs {
  login: Me
  updateProfile: Me
}
