/**
 * The owner's 收款账户 (平台收付通 sub-merchant): its application state and the 进件 form
 * (docs/payments.md "Onboarding"). One small store beside its page.
 */
import { create } from 'zustand'
import type { InputOf } from '@core/contract'
import type { MerchantView } from '@core/contracts/merchant'
import { call, toApiError, uploadImage, type ApiError } from '@/services/cloud'

export type ApplyMerchantInput = InputOf<'wallet', 'applyMerchant'>

interface MerchantState {
  view: MerchantView | null
  status: 'idle' | 'loading' | 'ready' | 'error'
  error: ApiError | null
  load(): Promise<void>
  refresh(): Promise<void>
  /** A chosen photo: stored in cloud storage, then handed to WeChat Pay's media API; answers its media_id. */
  uploadPhoto(localPath: string): Promise<string>
  apply(input: ApplyMerchantInput): Promise<MerchantView>
}

export const useMerchantStore = create<MerchantState>((set) => ({
  view: null,
  status: 'idle',
  error: null,
  async load() {
    set({ status: 'loading', error: null })
    try {
      set({ view: await call('wallet', 'merchant', {}), status: 'ready' })
    } catch (e) {
      set({ status: 'error', error: toApiError(e) })
    }
  },
  async refresh() {
    set({ view: await call('wallet', 'refreshMerchant', {}), status: 'ready', error: null })
  },
  async uploadPhoto(localPath) {
    const fileId = await uploadImage(localPath)
    return (await call('wallet', 'uploadMerchantImage', { fileId })).mediaId
  },
  async apply(input) {
    const view = await call('wallet', 'applyMerchant', input)
    set({ view, status: 'ready', error: null })
    return view
  },
}))
