/** circle: create/discover/mine need no role; the rest follow the matrix in the persona's circle. */
import { matrixFor } from './_kit'

export default matrixFor('circle', {
  create: { need: 'signedIn', input: () => ({ name: '新建的圈子', type: 'interest', entryMode: 'free' }) },
  update: { need: 'circle.edit', input: (k) => ({ circleId: k.circleId, intro: '新的简介' }) },
  close: { need: 'circle.close', input: (k) => ({ circleId: k.circleId }) },
  discover: { need: 'public', input: () => ({}) },
  // the circle page: visitors and anonymous readers see its landing page
  get: { need: 'public', input: (k) => ({ circleId: k.circleId }) },
  // anyone signed in may join a free circle (members get already_member), except the blacklisted
  join: { need: 'signedIn', input: (k) => ({ circleId: k.circleId }), expect: { blacklisted: 'blacklisted' } },
  leave: { need: 'circle.read', input: (k) => ({ circleId: k.circleId }) },
  mine: { need: 'signedIn', input: () => ({}) },
  members: { need: 'circle.viewMembers', input: (k) => ({ circleId: k.circleId }) },
  setRole: {
    need: 'circle.setRole',
    input: async (k) => ({ circleId: k.circleId, openid: await k.freshMember(), role: 'admin' }),
  },
})
