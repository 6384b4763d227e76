/** notify: one's own notification centre and subscription grants; no circle role involved. */
import { RENEWAL_TEMPLATE_ID } from '@core/term'
import { matrixFor } from './_kit'

export default matrixFor('notify', {
  list: { need: 'signedIn', input: () => ({}) },
  unreadCount: { need: 'signedIn', input: () => ({}) },
  markRead: { need: 'signedIn', input: () => ({}) },
  grant: { need: 'signedIn', input: () => ({ accepted: [RENEWAL_TEMPLATE_ID] }) },
})
