/**
 * The owner's side of money (docs/money.md): balances, statement and withdrawals per account, pricing
 * and split rules, trial and renewal terms, coupons, a circle's orders, course editing. Amounts are
 * integer fen as the server sent them; nothing here computes a price. No toasts or navigation:
 * pages act on what actions return or throw (an ApiError carrying the message from the error table).
 * A store of its own beside the pages it serves, so its code ships in this subpackage (decision 19);
 * cleared when the viewer changes.
 */
import { create } from 'zustand'
import type {
  Catalog,
  CouponView,
  CourseView,
  InputOf,
  OrderView,
  SplitRulesView,
  StatementLine,
  TermsView,
  WalletSummary,
  WithdrawalState,
  WithdrawalView,
} from '@core/contract'
import type { ErrorCode } from '@core/errors'
import { call, serverNow, toApiError } from '@/services/cloud'
import {
  EMPTY_LIST,
  IDLE_LOADED,
  makeKeyedLoader,
  makeListLoader,
  registerViewerReset,
  useAppStore,
  type ListState,
  type LoadMode,
  type Loaded,
} from '@/store'

/** Whose money: a circle's income (its owner) or the caller's own shares. */
export type WalletAccount = InputOf<'wallet', 'summary'>['account']

const accountKey = (a: WalletAccount): string => (a.kind === 'owner' ? `owner:${a.circleId}` : 'self')

const FINAL_WITHDRAWAL_STATES: readonly WithdrawalState[] = ['succeeded', 'failed', 'expired']
export const isFinalWithdrawal = (w: WithdrawalView): boolean => FINAL_WITHDRAWAL_STATES.includes(w.state)

/**
 * How long to wait between questions to WeChat about a transfer: quick at first (a confirmed
 * transfer usually lands in seconds), then spaced out; ≈ 45 s in all, after which the page says
 * it is still on its way and the withdrawal record keeps it.
 */
const WITHDRAWAL_POLL_DELAYS_MS: readonly number[] = [1000, 1500, 2500, 4000, 6000, 10000, 20000]

type SavePricingInput = InputOf<'shop', 'setPricing'>
type SaveSplitRulesInput = InputOf<'wallet', 'setSplitRules'>
export type SaveCourseInput = InputOf<'shop', 'saveCourse'>
type SaveTermsInput = Omit<InputOf<'shop', 'setTerms'>, 'circleId'>
export type NewCouponInput = Omit<InputOf<'shop', 'createCoupon'>, 'circleId'>

interface WalletState {
  walletSummaries: Record<string, Loaded<WalletSummary>>
  statements: Record<string, ListState<StatementLine>>
  withdrawalLists: Record<string, ListState<WithdrawalView>>
  /** The owner's view of what a circle sells (prices as set, courses). */
  ownerCatalogs: Record<string, Loaded<Catalog>>
  splitRules: Record<string, Loaded<SplitRulesView>>
  circleOrders: Record<string, ListState<OrderView>>
  editableCourses: Record<string, Loaded<CourseView>>
  /** The owner's trial and renewal settings, by circle. */
  terms: Record<string, Loaded<TermsView>>
  /** The team's coupons, by circle (newest first). */
  couponLists: Record<string, ListState<CouponView>>
}

interface WalletActions {
  loadWalletSummary: (account: WalletAccount) => Promise<void>
  loadStatement: (account: WalletAccount, mode?: LoadMode) => Promise<void>
  loadWithdrawals: (account: WalletAccount, mode?: LoadMode) => Promise<void>
  /** Asks for a payout; the server moves the amount out of 可提现 before it calls WeChat. */
  withdraw: (account: WalletAccount, amountFen: number) => Promise<WithdrawalView>
  /**
   * Asks WeChat how a transfer stands, again with backoff until it is final (succeeded, failed,
   * expired) or the delays run out; resolves with the last answer. A newer call for the same
   * withdrawal, or stopFollowingWithdrawal, ends an older one.
   */
  refreshWithdrawal: (
    account: WalletAccount,
    withdrawalId: string,
    opts?: { delaysMs?: readonly number[] },
  ) => Promise<WithdrawalView>
  stopFollowingWithdrawal: (withdrawalId: string) => void

  loadOwnerCatalog: (circleId: string) => Promise<void>
  savePricing: (input: SavePricingInput) => Promise<Catalog>
  loadSplitRules: (circleId: string) => Promise<void>
  saveSplitRules: (input: SaveSplitRulesInput) => Promise<SplitRulesView>

  loadCircleOrders: (circleId: string, mode?: LoadMode) => Promise<void>
  refundOrderAsOwner: (circleId: string, orderId: string, reason?: string) => Promise<OrderView>

  loadCourseForEditing: (courseId: string) => Promise<void>
  saveCourse: (input: SaveCourseInput) => Promise<CourseView>

  loadTerms: (circleId: string) => Promise<void>
  /** New terms change who may see the circle: its page loads again where it is cached. */
  saveTerms: (circleId: string, input: SaveTermsInput) => Promise<TermsView>
  loadCoupons: (circleId: string, mode?: LoadMode) => Promise<void>
  createCoupon: (circleId: string, input: NewCouponInput) => Promise<CouponView>
  disableCoupon: (circleId: string, couponId: string) => Promise<CouponView>
}

export type WalletStore = WalletState & WalletActions

export const initialWalletState = (): WalletState => ({
  walletSummaries: {},
  statements: {},
  withdrawalLists: {},
  ownerCatalogs: {},
  splitRules: {},
  circleOrders: {},
  editableCourses: {},
  terms: {},
  couponLists: {},
})

type LoadedMaps = 'walletSummaries' | 'ownerCatalogs' | 'splitRules' | 'editableCourses' | 'terms'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export const useWalletStore = create<WalletStore>()((set, get) => {
  const loadList = makeListLoader()
  const following = new Map<string, number>()
  let followSeq = 0
  const keyed = makeKeyedLoader<WalletStore>(set, get)
  const loadInto = <K extends LoadedMaps>(
    mapName: K,
    key: string,
    fetch: () => Promise<WalletStore[K][string]['data']>,
  ) => keyed.load(mapName, key, fetch)

  const putLoaded = <K extends LoadedMaps>(
    mapName: K,
    key: string,
    data: NonNullable<WalletStore[K][string]['data']>,
  ) => keyed.settle(mapName, key, data)

  /** A withdrawal changed: the summary's open request and the record list follow. */
  const applyWithdrawal = (account: WalletAccount, view: WithdrawalView) => {
    const key = accountKey(account)
    const s = get()
    const summary = s.walletSummaries[key]
    const list = s.withdrawalLists[key]
    const patch: Partial<WalletStore> = {}
    if (summary?.data) {
      const open = summary.data.openWithdrawal
      const nextOpen = isFinalWithdrawal(view) ? (open?.id === view.id ? null : open) : view
      patch.walletSummaries = {
        ...s.walletSummaries,
        [key]: { ...summary, data: { ...summary.data, openWithdrawal: nextOpen } },
      }
    }
    if (list) {
      const known = list.items.some((w) => w.id === view.id)
      patch.withdrawalLists = {
        ...s.withdrawalLists,
        [key]: { ...list, items: known ? list.items.map((w) => (w.id === view.id ? view : w)) : [view, ...list.items] },
      }
    }
    set(patch)
  }

  /** After money moved: balances, statement and records as the server now has them. */
  const reloadAccount = (account: WalletAccount) => {
    const s = get()
    const key = accountKey(account)
    void s.loadWalletSummary(account)
    if (s.statements[key]) void s.loadStatement(account)
    if (s.withdrawalLists[key]) void s.loadWithdrawals(account)
  }

  return {
    ...initialWalletState(),

    loadWalletSummary: (account) =>
      loadInto('walletSummaries', accountKey(account), () => call('wallet', 'summary', { account })),

    loadStatement: async (account, mode = 'load') => {
      const key = accountKey(account)
      await loadList({
        key: 'statement:' + key,
        mode,
        current: get().statements[key] ?? EMPTY_LIST,
        write: (next) => set({ statements: { ...get().statements, [key]: next } }),
        fetchPage: (cursor) => call('wallet', 'statement', { account, cursor }),
      })
    },

    loadWithdrawals: async (account, mode = 'load') => {
      const key = accountKey(account)
      await loadList({
        key: 'withdrawals:' + key,
        mode,
        current: get().withdrawalLists[key] ?? EMPTY_LIST,
        write: (next) => set({ withdrawalLists: { ...get().withdrawalLists, [key]: next } }),
        fetchPage: (cursor) => call('wallet', 'withdrawals', { account, cursor }),
      })
    },

    withdraw: async (account, amountFen) => {
      const view = await call('wallet', 'withdraw', { account, amountFen })
      applyWithdrawal(account, view)
      reloadAccount(account)
      return view
    },

    refreshWithdrawal: async (account, withdrawalId, opts = {}) => {
      const delays = opts.delaysMs ?? WITHDRAWAL_POLL_DELAYS_MS
      const token = ++followSeq
      following.set(withdrawalId, token)
      let last: WithdrawalView | null = null
      for (let attempt = 0; ; attempt++) {
        try {
          last = await call('wallet', 'refreshWithdrawal', { withdrawalId })
          if (following.get(withdrawalId) === token) applyWithdrawal(account, last)
        } catch (e) {
          const err = toApiError(e)
          // A lost answer is asked again; anything else (not found, forbidden) is final.
          if ((err.code !== 'network' && err.code !== 'internal') || attempt >= delays.length) throw err
        }
        if (last && isFinalWithdrawal(last)) break
        if (attempt >= delays.length || following.get(withdrawalId) !== token) break
        await sleep(delays[attempt])
        if (following.get(withdrawalId) !== token) break
      }
      if (following.get(withdrawalId) === token) following.delete(withdrawalId)
      if (!last) throw toApiError(null)
      // Failed or expired: the server returned the amount to 可提现; succeeded: today's total moved.
      if (isFinalWithdrawal(last)) reloadAccount(account)
      return last
    },

    stopFollowingWithdrawal: (withdrawalId) => {
      following.delete(withdrawalId)
    },

    loadOwnerCatalog: (circleId) => loadInto('ownerCatalogs', circleId, () => call('shop', 'catalog', { circleId })),

    savePricing: async (input) => {
      const catalog = await call('shop', 'setPricing', input)
      putLoaded('ownerCatalogs', input.circleId, catalog)
      return catalog
    },

    loadSplitRules: (circleId) => loadInto('splitRules', circleId, () => call('wallet', 'splitRules', { circleId })),

    saveSplitRules: async (input) => {
      const rules = await call('wallet', 'setSplitRules', input)
      putLoaded('splitRules', input.circleId, rules)
      return rules
    },

    loadCircleOrders: async (circleId, mode = 'load') => {
      await loadList({
        key: 'orders:' + circleId,
        mode,
        current: get().circleOrders[circleId] ?? EMPTY_LIST,
        write: (next) => set({ circleOrders: { ...get().circleOrders, [circleId]: next } }),
        fetchPage: (cursor) => call('shop', 'circleOrders', { circleId, cursor }),
      })
    },

    refundOrderAsOwner: async (circleId, orderId, reason = '') => {
      const order = await call('shop', 'ownerRefund', { orderId, reason })
      const list = get().circleOrders[circleId]
      if (list) {
        set({
          circleOrders: {
            ...get().circleOrders,
            [circleId]: { ...list, items: list.items.map((o) => (o.id === order.id ? order : o)) },
          },
        })
      }
      // The refund reversed shares: the circle's balances changed.
      if (get().walletSummaries[accountKey({ kind: 'owner', circleId })]) reloadAccount({ kind: 'owner', circleId })
      return order
    },

    loadCourseForEditing: (courseId) =>
      loadInto('editableCourses', courseId, () => call('shop', 'course', { courseId })),

    saveCourse: async (input) => {
      const course = await call('shop', 'saveCourse', input)
      putLoaded('editableCourses', course.id, course)
      const catalog = get().ownerCatalogs[input.circleId]
      if (catalog?.data) {
        const { lessons: _lessons, circleId: _circleId, ...card } = course
        const known = catalog.data.courses.some((c) => c.id === course.id)
        const courses = known
          ? catalog.data.courses.map((c) => (c.id === course.id ? card : c))
          : [...catalog.data.courses, card]
        set({
          ownerCatalogs: {
            ...get().ownerCatalogs,
            [input.circleId]: { ...catalog, data: { ...catalog.data, courses } },
          },
        })
      }
      return course
    },

    loadTerms: (circleId) => loadInto('terms', circleId, () => call('shop', 'terms', { circleId })),

    saveTerms: async (circleId, input) => {
      const saved = await call('shop', 'setTerms', { circleId, ...input })
      putLoaded('terms', circleId, saved)
      const app = useAppStore.getState()
      if (app.circlePages[circleId]) void app.loadCirclePage(circleId)
      return saved
    },

    loadCoupons: async (circleId, mode = 'load') => {
      await loadList({
        key: `coupons:${circleId}`,
        mode,
        current: get().couponLists[circleId] ?? EMPTY_LIST,
        write: (next) => set({ couponLists: { ...get().couponLists, [circleId]: next } }),
        fetchPage: (cursor) => call('shop', 'coupons', { circleId, cursor }),
      })
    },

    createCoupon: async (circleId, input) => {
      const created = await call('shop', 'createCoupon', { circleId, ...input })
      const list = get().couponLists[circleId] ?? EMPTY_LIST
      set({
        couponLists: {
          ...get().couponLists,
          [circleId]: { ...list, items: [created, ...list.items.filter((c) => c.id !== created.id)] },
        },
      })
      return created
    },

    disableCoupon: async (circleId, couponId) => {
      const updated = await call('shop', 'disableCoupon', { couponId })
      const list = get().couponLists[circleId] ?? EMPTY_LIST
      set({
        couponLists: {
          ...get().couponLists,
          [circleId]: { ...list, items: list.items.map((c) => (c.id === updated.id ? updated : c)) },
        },
      })
      return updated
    },
  }
})

registerViewerReset(() => useWalletStore.setState(initialWalletState()))

// ---------- selectors ----------

export const selectWalletSummary =
  (account: WalletAccount) =>
  (s: WalletStore): Loaded<WalletSummary> =>
    s.walletSummaries[accountKey(account)] ?? IDLE_LOADED
export const selectStatement =
  (account: WalletAccount) =>
  (s: WalletStore): ListState<StatementLine> =>
    s.statements[accountKey(account)] ?? EMPTY_LIST
export const selectWithdrawals =
  (account: WalletAccount) =>
  (s: WalletStore): ListState<WithdrawalView> =>
    s.withdrawalLists[accountKey(account)] ?? EMPTY_LIST
export const selectOwnerCatalog =
  (circleId: string) =>
  (s: WalletStore): Loaded<Catalog> =>
    s.ownerCatalogs[circleId] ?? IDLE_LOADED
export const selectSplitRules =
  (circleId: string) =>
  (s: WalletStore): Loaded<SplitRulesView> =>
    s.splitRules[circleId] ?? IDLE_LOADED
export const selectCircleOrders =
  (circleId: string) =>
  (s: WalletStore): ListState<OrderView> =>
    s.circleOrders[circleId] ?? EMPTY_LIST
export const selectEditableCourse =
  (courseId: string) =>
  (s: WalletStore): Loaded<CourseView> =>
    s.editableCourses[courseId] ?? IDLE_LOADED

export const selectTerms =
  (circleId: string) =>
  (s: WalletStore): Loaded<TermsView> =>
    s.terms[circleId] ?? IDLE_LOADED
export const selectCoupons =
  (circleId: string) =>
  (s: WalletStore): ListState<CouponView> =>
    s.couponLists[circleId] ?? EMPTY_LIST

// ---------- pure rules for instant feedback (the server decides) ----------

const at = (iso: string) => new Date(iso).getTime()

/** A coupon's state for the owner's list, from its fields and the time now. */
export function couponStatus(
  c: CouponView,
  now: number = serverNow(),
): { key: 'active' | 'upcoming' | 'ended' | 'disabled' | 'used_up'; text: string } {
  if (c.disabled) return { key: 'disabled', text: '已停用' }
  if (now >= at(c.validUntil)) return { key: 'ended', text: '已结束' }
  if (c.usedCount >= c.limit) return { key: 'used_up', text: '已领完' }
  if (now < at(c.validFrom)) return { key: 'upcoming', text: '未开始' }
  return { key: 'active', text: '进行中' }
}

/** What one request may take now: the available balance, within what is left of today's limit. */
export function withdrawableNowFen(summary: WalletSummary): number {
  const leftToday = Math.max(0, summary.limits.dailyMaxFen - summary.withdrawnTodayFen)
  return Math.min(summary.availableFen, leftToday)
}

/** The first withdrawal rule an amount breaks, as a code of the error table; null if it may be sent. */
export function checkWithdrawAmount(summary: WalletSummary, amountFen: number): ErrorCode | null {
  const open = summary.openWithdrawal
  if (open && !isFinalWithdrawal(open)) return 'withdrawal_in_progress'
  if (!Number.isInteger(amountFen) || amountFen < summary.limits.minFen) return 'withdraw_below_minimum'
  if (amountFen > summary.availableFen) return 'insufficient_balance'
  if (summary.withdrawnTodayFen + amountFen > summary.limits.dailyMaxFen) return 'withdraw_daily_limit'
  return null
}

/** Referral plus partners: what 分账 would send to receivers per order (capped by capBps). */
export function splitReceiversBps(rules: { referrerBps: number; partners: { bps: number }[] }): number {
  return rules.partners.reduce((sum, p) => sum + p.bps, rules.referrerBps)
}
