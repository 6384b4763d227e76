/** What each feature's seed function gets (seed/extras.ts lists them; seed/index.ts makes it). */
export interface SeedContext {
  /** The seed's clock: "now" for the demo (the simulated clock when seeding began). */
  today: Date
  /** Calls a function as a demo user; throws with the error body if it refuses. */
  call: (fn: string, action: string, input: Record<string, unknown>, as: string) => Promise<any>
  /** Moves the clock to a moment of the past week (days ago, hour, minute, Asia/Shanghai). */
  at: (daysAgo: number, hour: number, minute: number) => void
  later: (minutes: number) => void
  /** A demo user's openid by key (lin, su, chen, wang, zhao, zhou, wu). */
  openidOf: (key: string) => string
  /** A demo circle's id by key: morning (free, 林知远), pm (approval), photo (paid, 苏念). */
  circleId: (key: string) => string
  /** Uploads a generated picture as the user and answers its cloud:// file id. */
  picture: (openid: string, seed: number) => Promise<string>
  /** Uploads a document (a post attachment: pdf, docx, …) as the user; answers its cloud:// file id. */
  document: (openid: string, ext: string, bytes: Buffer) => Promise<string>
  /** The buyer pays a pending order at the simulator's cashier; the notification is delivered before it answers. */
  pay: (orderId: string, buyer: string) => Promise<void>
}
