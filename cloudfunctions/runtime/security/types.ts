/** The content-security port (docs/architecture.md, house style 2): what an adapter must answer. */
export type ContentVerdict = 'pass' | 'review' | 'risky'

export type ContentScene =
  'post' | 'comment' | 'profile' | 'question' | 'answer' | 'checkin' | 'event' | 'application' | 'circle'

export interface ContentToCheck {
  openid: string
  scene: ContentScene
  texts: string[]
  /** cloud:// file ids of images. */
  images: string[]
}

export interface ContentSecurityAdapter {
  name: string
  /** One text (≤ 2500 characters) → the verdict. */
  checkText(args: { openid: string; scene: ContentScene; text: string }): Promise<ContentVerdict>
  /**
   * Submits one image for the asynchronous check (mediaCheckAsync): the verdict arrives later by
   * a message push, so the answer here is only the trace id (docs/content-security.md).
   */
  submitImage(args: { openid: string; scene: ContentScene; fileId: string }): Promise<string | null>
}
