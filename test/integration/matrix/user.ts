/** user: every signed-in person manages their own profile; no circle role involved. */
import { matrixFor } from './_kit'

export default matrixFor('user', {
  login: { need: 'signedIn', input: () => ({}) },
  updateProfile: { need: 'signedIn', input: () => ({ nickname: '改个名字' }) },
})
