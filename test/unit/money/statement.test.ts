/** One statement line per journal (core/money/statement.ts). */
import { statementEntry, type Journal } from '@core/money'

const at = new Date('2026-12-01T02:00:00Z')
const journal = (kind: Journal['kind'], entries: Journal['entries']): Journal =>
  ({ _id: `j:${kind}`, kind, entries, memo: kind, postedAt: at, orderId: 'o1', withdrawalId: null }) as Journal

describe('a statement line', () => {
  it('makes a settlement one line: no change to the total, the moved amount, both movements as the detail', () => {
    const line = statementEntry(
      journal('settlement', [
        { account: 'owner:c1', bucket: 'pending', amountFen: -19_184 },
        { account: 'owner:c1', bucket: 'available', amountFen: 19_184 },
        { account: 'user:o_p', bucket: 'pending', amountFen: -500 },
        { account: 'user:o_p', bucket: 'available', amountFen: 500 },
      ]),
      'owner:c1',
    )
    expect(line).toMatchObject({
      amountFen: 0,
      movedFen: 19_184,
      bucket: 'available',
      movements: [
        { bucket: 'pending', amountFen: -19_184 },
        { bucket: 'available', amountFen: 19_184 },
      ],
    })
  })

  it('gives a payment and a refund their signed totals and buckets', () => {
    expect(
      statementEntry(
        journal('payment', [
          { account: 'buyer_payments', bucket: 'available', amountFen: -19_900 },
          { account: 'owner:c1', bucket: 'pending', amountFen: 19_900 },
        ]),
        'owner:c1',
      ),
    ).toMatchObject({ amountFen: 19_900, bucket: 'pending', movedFen: 0 })
    expect(
      statementEntry(
        journal('refund', [
          { account: 'owner:c1', bucket: 'available', amountFen: -19_900 },
          { account: 'refunds', bucket: 'available', amountFen: 19_900 },
        ]),
        'owner:c1',
      ),
    ).toMatchObject({ amountFen: -19_900, bucket: 'available' })
  })

  it('has no line for a journal that does not touch the account', () => {
    expect(
      statementEntry(
        journal('payment', [
          { account: 'owner:c2', bucket: 'pending', amountFen: 1 },
          { account: 'buyer_payments', bucket: 'available', amountFen: -1 },
        ]),
        'owner:c1',
      ),
    ).toBeNull()
  })
})
