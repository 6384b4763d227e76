import type { StateCreator } from 'zustand'
import type { Me } from '@core/contract'
import {
  call,
  createDevUser as postDevUser,
  getDevOpenid,
  listDevUsers,
  setDevOpenid,
  toApiError,
  wxLoginCode,
  type ApiError,
  type DevUser,
} from '@/services/cloud'
import { devicePlatform } from '@/services/device'
import { hasEarly } from '@/services/early'
import type { AppState, SessionSlice } from './state'
import type { LoadStatus } from './list'

export const initialSessionState = () => ({
  me: null as Me | null,
  sessionStatus: 'idle' as LoadStatus,
  sessionError: null as ApiError | null,
  devOpenid: getDevOpenid(),
  devUsers: [] as DevUser[],
  devUsersStatus: 'idle' as LoadStatus,
  devUsersError: null as ApiError | null,
})

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set, get) => ({
  ...initialSessionState(),

  signIn: async () => {
    if (get().sessionStatus === 'loading') return
    set({ sessionStatus: 'loading', sessionError: null })
    try {
      // H5: when index.html's bootstrap has logged in already, call takes its answer (no code needed).
      const early = hasEarly('user', 'login', {}, { device: devicePlatform(), openid: getDevOpenid() })
      const code = early ? undefined : await wxLoginCode()
      const me = await call('user', 'login', code ? { code } : {})
      set({ me, sessionStatus: 'ready' })
    } catch (e) {
      set({ sessionStatus: 'error', sessionError: toApiError(e) })
    }
  },

  updateMyProfile: async (patch) => {
    const me = await call('user', 'updateProfile', patch)
    set({ me })
    return me
  },

  loadDevUsers: async () => {
    set({ devUsersStatus: 'loading', devUsersError: null })
    try {
      const devUsers = await listDevUsers()
      set({ devUsers, devUsersStatus: 'ready' })
    } catch (e) {
      set({ devUsersStatus: 'error', devUsersError: toApiError(e) })
    }
  },

  switchDevUser: async (openid) => {
    setDevOpenid(openid)
    // Everything cached was seen through the previous user's eyes.
    get().forgetViewerData()
    set({ devOpenid: openid, me: null, sessionStatus: 'idle', sessionError: null })
    await get().signIn()
  },

  createDevUser: async (nickname) => {
    const user = await postDevUser(nickname)
    set({ devUsers: [...get().devUsers.filter((u) => u.openid !== user.openid), user] })
    return user
  },
})

export const selectMe = (s: AppState) => s.me
export const selectSessionStatus = (s: AppState) => s.sessionStatus
export const selectSessionError = (s: AppState) => s.sessionError
export const selectDevOpenid = (s: AppState) => s.devOpenid
export const selectDevUsers = (s: AppState) => s.devUsers
