/**
 * The content-security gate every published text and image passes (product.md §4): `pass` shows
 * it, `review` holds it for the team, `risky` refuses it. Production asks WeChat
 * (msgSecCheck v2 / mediaCheckAsync); the local cloud answers with its rule set.
 *
 * TEMPORARY (integration in progress this session): the port lands with the moderation work;
 * callers already use this signature.
 */
export type ContentVerdict = 'pass' | 'review' | 'risky'

export type ContentScene = 'post' | 'comment' | 'profile' | 'question' | 'answer' | 'checkin' | 'event' | 'application' | 'circle'

export interface ContentToCheck {
  openid: string
  scene: ContentScene
  texts: string[]
  images: string[]
}

export async function checkContent(_content: ContentToCheck): Promise<ContentVerdict> {
  return 'pass'
}
