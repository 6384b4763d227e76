/** The payment ports this function instance uses (built on first use from its environment). */
import { now } from './clock'
import { createPaymentPorts, type PaymentPorts } from './payment'

let ports: PaymentPorts | null = null

export function payments(): PaymentPorts {
  return (ports ??= createPaymentPorts(process.env, { now }))
}

/**
 * iPhones can pay for virtual goods inside a mini-program only where the operator has iOS
 * virtual payment switched on (through Apple); elsewhere the app explains and offers another way.
 */
export function iosCanPayVirtual(): boolean {
  return process.env.QZ_IOS_VIRTUAL_PAYMENT === 'true'
}
