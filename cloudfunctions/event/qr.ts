/**
 * The ticket's QR image, drawn on the server (a PNG data URL) so the app ships no QR library. Kept
 * in the event function: the money functions that share runtime/tickets.ts never bundle it.
 */
import QRCode from 'qrcode'

export function ticketQr(code: string): Promise<string> {
  return QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 360 })
}
