/** Page paths in one place (subpackage pages are addressed by their full path). */
export const circleUrl = (circleId: string, tag?: string) =>
  `/packageCircle/pages/circle/index?id=${encodeURIComponent(circleId)}${tag ? `&tag=${encodeURIComponent(tag)}` : ''}`
export const postUrl = (postId: string, q?: string) =>
  `/packageCircle/pages/post/index?id=${encodeURIComponent(postId)}${q ? `&q=${encodeURIComponent(q)}` : ''}`
export const composeUrl = (circleId: string) =>
  `/packageCircle/pages/compose/index?circleId=${encodeURIComponent(circleId)}`
export const membersUrl = (circleId: string) =>
  `/packageCircle/pages/members/index?circleId=${encodeURIComponent(circleId)}`
export const editCircleUrl = (circleId: string) =>
  `/packageManage/pages/edit/index?circleId=${encodeURIComponent(circleId)}`
export const CREATE_CIRCLE_URL = '/packageManage/pages/create/index'
export const DEV_LOGIN_URL = '/pages/dev-login/index'
export const DISCOVER_URL = '/pages/discover/index'
export const MINE_URL = '/pages/mine/index'
export const searchUrl = (circleId: string) =>
  `/packageCircle/pages/search/index?circleId=${encodeURIComponent(circleId)}`
export const scheduleUrl = (circleId: string) =>
  `/packageCircle/pages/schedule/index?circleId=${encodeURIComponent(circleId)}`
