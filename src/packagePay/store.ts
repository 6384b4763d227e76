/**
 * The buyer's side of money (docs/money.md): what a circle sells, orders, "I paid" checks, self-service
 * refunds, gift codes, courses. Every amount is integer fen exactly as the server priced it; the
 * client never computes a price. No toasts or navigation: pages act on what actions return or
 * throw (an ApiError carrying the message from the error table).
 * A store of its own beside the pages it serves, so its code ships in this subpackage (decision 19);
 * cleared when the viewer changes.
 */
import { create } from 'zustand'
import type {
  Catalog,
  CourseView,
  InputOf,
  OrderStart,
  OrderView,
  Platform,
  PriceQuote,
  RedeemResult,
  TrialResult,
} from '@core/contract'
import { productRule, type ProductDestination } from '@core/products'
import { call, toApiError, serverNow } from '@/services/cloud'
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

export type ProductChoice = InputOf<'shop', 'order'>['product']
/** What a buyer adds to an order: a coupon they typed or picked, the invite that brought them. */
export interface OrderExtras {
  couponCode?: string
  inviteCode?: string
}

/**
 * Pauses between "did it arrive?" questions after the cashier closes: at once first (the
 * notification usually beat the user back), then spaced out, ≈ 20 s in all. After that the result
 * page says the payment is still being confirmed and the order list keeps it.
 */
const CONFIRM_POLL_DELAYS_MS: readonly number[] = [0, 1000, 1500, 2000, 3000, 5000, 7500]

interface ShopState {
  catalogs: Record<string, Loaded<Catalog>>
  myOrders: ListState<OrderView>
  orders: Record<string, Loaded<OrderView>>
  courses: Record<string, Loaded<CourseView>>
}

interface ShopActions {
  loadCatalog: (circleId: string) => Promise<void>
  /** Places an order priced on the server; resolves with what the cashier needs. */
  buy: (circleId: string, product: ProductChoice, platform: Platform, extras?: OrderExtras) => Promise<OrderStart>
  /** The server's price for entry/renewal or a course with a coupon (nothing is reserved). */
  quotePrice: (
    circleId: string,
    product: InputOf<'shop', 'quote'>['product'],
    couponCode?: string,
  ) => Promise<PriceQuote>
  /** A free trial of the circle (once per user per circle): the circle's views go stale. */
  startTrial: (circleId: string, inviteCode?: string) => Promise<TrialResult>
  /** Opens the cashier again for a pending order (the same order, never a second one). */
  payPending: (orderId: string) => Promise<OrderStart>
  loadOrder: (orderId: string) => Promise<void>
  /**
   * "I paid": asks the server (which asks the channel and fulfils) again with backoff until the
   * order is no longer pending or the delays run out; resolves with the last answer. A second call
   * for the same order while one runs joins it; stopConfirmingOrder ends it early.
   */
  confirmOrder: (orderId: string, opts?: { delaysMs?: readonly number[] }) => Promise<OrderView>
  stopConfirmingOrder: (orderId: string) => void
  loadMyOrders: (mode?: LoadMode) => Promise<void>
  /**
   * Self-service refund within the window; the membership (or course) ends at once. Resolves with
   * the server's answer (usually 退款中: the channel confirms later); the order is then asked
   * about again with backoff until the channel's word arrives, so every view of it follows.
   */
  refundOrder: (orderId: string, reason?: string, opts?: { delaysMs?: readonly number[] }) => Promise<OrderView>
  redeemGift: (code: string) => Promise<RedeemResult>
  loadCourse: (courseId: string) => Promise<void>
}

export type ShopStore = ShopState & ShopActions

export const initialShopState = (): ShopState => ({
  catalogs: {},
  myOrders: EMPTY_LIST,
  orders: {},
  courses: {},
})

const IDLE = IDLE_LOADED

type LoadedMaps = 'catalogs' | 'orders' | 'courses'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export const useShopStore = create<ShopStore>()((set, get) => {
  const loadList = makeListLoader()
  const confirming = new Map<string, { promise: Promise<OrderView>; stopped: boolean }>()

  const keyed = makeKeyedLoader<ShopStore>(set, get)
  const loadInto = <K extends LoadedMaps>(
    mapName: K,
    key: string,
    fetch: () => Promise<NonNullable<ShopStore[K][string]['data']>>,
  ) => keyed.load(mapName, key, fetch)

  /** A fresh answer about an order: the detail, the list row and anything it made stale follow. */
  const applyOrder = (order: OrderView, previous?: OrderView | null) => {
    keyed.settle('orders', order.id, order)
    const s = get()
    const inList = s.myOrders.items.some((o) => o.id === order.id)
    const patch: Partial<ShopStore> = {
      orders: { ...s.orders, [order.id]: { status: 'ready', error: null, data: order } },
      myOrders: inList
        ? { ...s.myOrders, items: s.myOrders.items.map((o) => (o.id === order.id ? order : o)) }
        : s.myOrders.status === 'idle'
          ? s.myOrders
          : { ...s.myOrders, items: [order, ...s.myOrders.items] },
    }
    const changed = !previous || previous.status !== order.status
    set(patch)
    if (changed && order.status !== 'pending') {
      // Paid or refunded: the circle page, the catalog (termEndsAt) and the course lock are stale.
      // What the order grants (the product registry) says which cached views it made stale.
      const grants = productRule(order.product.kind).grants
      if (grants === 'membership') refreshCircle(order.circleId)
      if (grants === 'course') {
        if (get().courses[order.product.id]) void get().loadCourse(order.product.id)
        if (get().catalogs[order.circleId]) void get().loadCatalog(order.circleId)
      }
    }
  }

  /**
   * Something changed who may see the circle (a payment, a refund, a trial, new terms): whatever
   * is cached of it loads again in place. The cached view stays on screen meanwhile: dropping it
   * would leave a page that is already showing it (the buy page under the result page, the circle
   * under the buy page) on 加载中… with nobody left to load it.
   */
  const refreshCircle = (circleId: string) => {
    const app = useAppStore.getState()
    if (app.circlePages[circleId]) void app.loadCirclePage(circleId)
    if (get().catalogs[circleId]) void get().loadCatalog(circleId)
  }

  /** Asks about a refunding order until the channel's word (refunded, or failed) is in. */
  const followRefund = async (orderId: string, delays: readonly number[]) => {
    for (const delay of delays) {
      if (delay) await sleep(delay)
      try {
        const order = await call('shop', 'getOrder', { orderId })
        applyOrder(order, knownOrder(orderId))
        if (!order.refunding) return
      } catch {
        // the next question may get through; the order list and detail reload on their own anyway
      }
    }
  }

  const knownOrder = (orderId: string) =>
    get().orders[orderId]?.data ?? get().myOrders.items.find((o) => o.id === orderId) ?? null

  return {
    ...initialShopState(),

    loadCatalog: (circleId) => loadInto('catalogs', circleId, () => call('shop', 'catalog', { circleId })),

    buy: async (circleId, product, platform, extras = {}) => {
      const start = await call('shop', 'order', {
        circleId,
        product,
        platform,
        ...(extras.couponCode ? { couponCode: extras.couponCode } : {}),
        ...(extras.inviteCode ? { inviteCode: extras.inviteCode } : {}),
      })
      applyOrder(start.order)
      // A coupon is now held by this order: the catalog's coupon list is stale.
      if (extras.couponCode && get().catalogs[circleId]) void get().loadCatalog(circleId)
      return start
    },

    quotePrice: (circleId, product, couponCode) =>
      call('shop', 'quote', { circleId, product, ...(couponCode ? { couponCode } : {}) }),

    startTrial: async (circleId, inviteCode) => {
      const result = await call('shop', 'startTrial', { circleId, ...(inviteCode ? { inviteCode } : {}) })
      refreshCircle(circleId)
      return result
    },

    payPending: async (orderId) => {
      const start = await call('shop', 'pay', { orderId })
      applyOrder(start.order)
      return start
    },

    loadOrder: (orderId) => loadInto('orders', orderId, () => call('shop', 'getOrder', { orderId })),

    confirmOrder: (orderId, opts) => {
      const running = confirming.get(orderId)
      if (running && !running.stopped) return running.promise
      const run = { stopped: false, promise: null as unknown as Promise<OrderView> }
      run.promise = (async () => {
        const delays = opts?.delaysMs ?? CONFIRM_POLL_DELAYS_MS
        let last: OrderView | null = null
        let lastError: unknown = null
        try {
          for (let i = 0; i < Math.max(1, delays.length); i++) {
            if (delays[i]) await sleep(delays[i])
            if (run.stopped) break
            try {
              const order = await call('shop', 'confirm', { orderId })
              applyOrder(order, knownOrder(orderId))
              last = order
              lastError = null
              if (order.status !== 'pending') break
            } catch (e) {
              // A closed or unknown order will not change by asking again; a network blip might.
              const err = toApiError(e)
              lastError = err
              if (err.code !== 'network' && err.code !== 'internal' && err.code !== 'conflict') break
            }
          }
          if (last) return last
          throw lastError ?? toApiError(null)
        } finally {
          if (confirming.get(orderId) === run) confirming.delete(orderId)
        }
      })()
      confirming.set(orderId, run)
      return run.promise
    },

    stopConfirmingOrder: (orderId) => {
      const running = confirming.get(orderId)
      if (running) running.stopped = true
      confirming.delete(orderId)
    },

    loadMyOrders: async (mode = 'load') => {
      await loadList({
        key: 'myOrders',
        mode,
        current: get().myOrders,
        write: (next) => set({ myOrders: next }),
        fetchPage: (cursor) => call('shop', 'orders', { cursor }),
      })
    },

    refundOrder: async (orderId, reason = '', opts) => {
      const before = knownOrder(orderId)
      const order = await call('shop', 'refund', { orderId, reason })
      applyOrder(order, before)
      if (order.refunding) void followRefund(orderId, opts?.delaysMs ?? CONFIRM_POLL_DELAYS_MS)
      return order
    },

    redeemGift: async (code) => {
      const result = await call('shop', 'redeem', { code: code.trim().toUpperCase() })
      refreshCircle(result.circleId)
      return result
    },

    loadCourse: (courseId) => loadInto('courses', courseId, () => call('shop', 'course', { courseId })),
  }
})

registerViewerReset(() => useShopStore.setState(initialShopState()))

// ---------- selectors (pure) ----------

export const selectCatalog =
  (circleId: string) =>
  (s: ShopStore): Loaded<Catalog> =>
    s.catalogs[circleId] ?? IDLE
export const selectMyOrders = (s: ShopStore): ListState<OrderView> => s.myOrders

/** The coupons of the catalog that fit what is being bought (entry or renewal, or a course). */
export function couponsFor(
  catalog: Pick<Catalog, 'coupons'>,
  scope: 'entry' | 'renewal' | 'course',
): Catalog['coupons'] {
  return catalog.coupons.filter((c) => c.scopes.includes(scope))
}

/**
 * The same wrapper for the same listed order: a selector must not answer a new object for an
 * unchanged state (React's useSyncExternalStore re-renders forever: "Maximum update depth").
 */
const listedOrders = new WeakMap<OrderView, Loaded<OrderView>>()
export const selectOrder =
  (orderId: string) =>
  (s: ShopStore): Loaded<OrderView> => {
    const loaded = s.orders[orderId]
    if (loaded) return loaded
    // An order seen in the list shows at once while its detail loads.
    const fromList = s.myOrders.items.find((o) => o.id === orderId)
    if (!fromList) return IDLE
    let wrapped = listedOrders.get(fromList)
    if (!wrapped) {
      wrapped = { status: 'idle', error: null, data: fromList }
      listedOrders.set(fromList, wrapped)
    }
    return wrapped
  }
export const selectCourse =
  (courseId: string) =>
  (s: ShopStore): Loaded<CourseView> =>
    s.courses[courseId] ?? IDLE

const at = (iso: string | null) => (iso ? new Date(iso).getTime() : NaN)

/**
 * The buyer may refund it themselves right now: the server's offer (`canRefund`, from the product
 * registry's one rule), while its window has not run out on the page's clock.
 */
export function canSelfRefund(order: OrderView, now: number = serverNow()): boolean {
  return order.canRefund && at(order.refundableUntil) > now
}

/** Where an order stands for its buyer: its status, or 退款中 while a refund awaits the channel. */
export type OrderStage = OrderView['status'] | 'refunding'
export function orderStage(order: OrderView, now: number = serverNow()): OrderStage {
  return order.refunding ? 'refunding' : effectiveStatus(order, now)
}

/** A pending order whose 30 minutes have not run out can still be paid. */
export function canPayAgain(order: OrderView, now: number = serverNow()): boolean {
  return order.status === 'pending' && at(order.expiresAt) > now
}

/** An order the list should call closed, even before the server's timer marked it. */
export function effectiveStatus(order: OrderView, now: number = serverNow()): OrderView['status'] {
  return order.status === 'pending' && at(order.expiresAt) <= now ? 'closed' : order.status
}

/** What buying the same thing again means for the server (pay again for a pending order). */
export function productChoiceOf(order: OrderView): ProductChoice {
  return productRule(order.product.kind).rebuy(order.product) ?? { kind: 'entry' }
}

/** Where a paid order leads: into the circle, the course, the ticket, the question or the challenge. */
export type OrderDestination = ProductDestination

export function orderDestination(order: OrderView): OrderDestination {
  return productRule(order.product.kind).destination(order.product, order.circleId)
}
