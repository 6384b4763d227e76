/**
 * docs/payments.md "Product × device × settlement mode → the API that sells it": every cell of the
 * printed table is compared with what the rules decide (runtime/payment/rules.ts saleApi, and the
 * start-up check for configurations that are refused), and every product the rules sell has its row.
 */
import { readFileSync } from 'fs'
import { join } from 'path'
import {
  PAYMENT_PRODUCT_KINDS,
  assertPaymentConfig,
  saleApi,
  type PaymentProductKind,
  type SaleApi,
} from '../../../cloudfunctions/runtime/payment/rules'
import type { Platform } from '../../../cloudfunctions/core/contract'

const CELL: Record<SaleApi | 'refused', string> = {
  jsapi: 'JSAPI',
  partner_jsapi: 'partner JSAPI',
  virtual: 'virtual payment',
  not_sold: 'not sold',
  refused: 'config refused',
}

type Column = { mode: 'self' | 'platform'; device: 'other' | 'ios'; iosVirtualPayment: boolean }
const COLUMNS: Column[] = [
  { mode: 'self', device: 'other', iosVirtualPayment: false },
  { mode: 'self', device: 'ios', iosVirtualPayment: false },
  { mode: 'self', device: 'ios', iosVirtualPayment: true },
  { mode: 'platform', device: 'other', iosVirtualPayment: false },
  { mode: 'platform', device: 'ios', iosVirtualPayment: false },
  { mode: 'platform', device: 'ios', iosVirtualPayment: true },
]
/** Every device the "Android / PC" columns stand for. */
const NOT_IOS: Platform[] = ['android', 'windows', 'mac', 'devtools', 'h5']

const envOf = (c: Column) => ({
  SETTLEMENT_MODE: c.mode,
  VPAY_IOS_ENABLED: c.iosVirtualPayment ? 'true' : 'false',
  VPAY_OFFER_ID: '1450000001',
  VPAY_APP_KEY: 'k',
  WX_APP_SECRET: 's',
})

/** What the rules say of one cell; every non-iOS device must agree. */
function expectedCell(kind: PaymentProductKind, c: Column): string {
  const env = envOf(c)
  try {
    assertPaymentConfig(env)
  } catch {
    return CELL.refused
  }
  if (c.device === 'ios') return CELL[saleApi(kind, 'ios', env)]
  const answers = new Set(NOT_IOS.map((p) => saleApi(kind, p, env)))
  expect(answers.size).toBe(1)
  return CELL[[...answers][0]]
}

/** The table's rows: product kind (the first `code` of the first cell) → the six cells. */
function docTable(): Map<string, string[]> {
  const doc = readFileSync(join(__dirname, '../../../docs/payments.md'), 'utf8')
  const start = doc.indexOf('## Product × device × settlement mode')
  expect(start).toBeGreaterThan(-1)
  const rows = new Map<string, string[]>()
  for (const line of doc.slice(start).split('\n')) {
    if (line.startsWith('### ') || (line.startsWith('## ') && rows.size > 0)) break
    if (!line.startsWith('| ') || line.startsWith('| product') || line.startsWith('|---')) continue
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
    const kind = /`(\w+)`/.exec(cells[0])?.[1]
    if (kind) rows.set(kind, cells.slice(1))
  }
  return rows
}

describe('the product × device × settlement mode table in docs/payments.md', () => {
  const table = docTable()

  it('has a row for every product the rules sell, and for group-buy seats', () => {
    expect([...table.keys()].sort()).toEqual([...PAYMENT_PRODUCT_KINDS, 'group'].sort())
  })

  it.each([...PAYMENT_PRODUCT_KINDS])('prints the API the rules choose for %s in every column', (kind) => {
    expect(table.get(kind)).toEqual(COLUMNS.map((c) => expectedCell(kind, c)))
  })

  it('prints a group-buy seat as the products it sells (entry, pass, course), which the rules sell alike', () => {
    const seat = table.get('group')
    for (const kind of ['entry', 'pass', 'course'] as const)
      expect(seat).toEqual(COLUMNS.map((c) => expectedCell(kind, c)))
  })
})
