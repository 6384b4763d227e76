/** term: the team's list of members whose term ends soon. */
import { matrixFor } from './_kit'

export default matrixFor('term', {
  expiring: { need: 'member.viewExpiring', input: (k) => ({ circleId: k.paidCircleId, withinDays: 7 }) },
})
