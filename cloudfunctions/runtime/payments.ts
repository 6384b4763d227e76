/** The payment ports this function instance uses (built on first use from its environment). */
import { now } from './clock'
import { createPaymentPorts, type PaymentPorts } from './payment/channels'

export { sale, saleView } from './sale'

let ports: PaymentPorts | null = null

export function payments(): PaymentPorts {
  return (ports ??= createPaymentPorts(process.env, { now }))
}
