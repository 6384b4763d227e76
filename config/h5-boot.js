/* The H5 app's inline bootstrap (docs/performance.md "H5 loading path"). config/h5-loading.ts puts
 * it into dist/h5/index.html, in front of the app's scripts, with __ROUTES__ (each page's chunk
 * files) and __HOME__ (the first page) filled in. Before the app script has arrived it
 *   1. preloads the chunk files of the page the address opens (the hash route), and
 *   2. starts that page's first data calls and user.login, leaving each answer's promise in
 *      window.__qzEarly, keyed like src/services/early.ts, where the app takes it instead of
 *      asking again.
 * Plain ES2015 with no build step: it is inlined as written (minus comments). */
;(function (w, d, routes, home) {
  var hash = w.location.hash.replace(/^#\/?/, '')
  var at = hash.indexOf('?')
  var path = (at < 0 ? hash : hash.slice(0, at)).replace(/^\//, '') || home
  // Raw values, as Taro's router hands them to the page (useRouter().params).
  var params = {}
  if (at >= 0)
    hash
      .slice(at + 1)
      .split('&')
      .forEach(function (kv) {
        var eq = kv.indexOf('=')
        if (eq > 0) params[kv.slice(0, eq)] = kv.slice(eq + 1)
      })

  // The first data each page asks for (the same fn, action and input as its store).
  var FIRST_CALLS = {
    'pages/discover/index': function () {
      return [['circle', 'discover', {}]]
    },
    'pages/mine/index': function () {
      return [['circle', 'mine', {}]]
    },
    'packageCircle/pages/circle/index': function (p) {
      return p.id ? [['circle', 'get', { circleId: p.id }]] : []
    },
  }

  // The table for the app too (src/services/prefetch.ts fetches the next page's files ahead).
  w.__qzRoutes = routes

  var openid
  try {
    openid = JSON.parse(w.localStorage.getItem('quanzi.devOpenid')).data
  } catch (e) {
    openid = ''
  }
  if (openid && typeof w.fetch === 'function') startCalls()
  // After the data calls: on HTTP/1.1 a browser opens 6 connections to a host, and the data must
  // not queue behind the chunks.
  ;(routes[path] || []).forEach(function (file) {
    var link = d.createElement('link')
    link.setAttribute('rel', 'preload')
    link.setAttribute('as', /\.css$/.test(file) ? 'style' : 'script')
    link.setAttribute('href', file)
    d.head.appendChild(link)
  })

  function startCalls() {
    // src/services/device.ts platformOfUserAgent
    var ua = w.navigator.userAgent
    var device = /iPhone|iPad|iPod/i.test(ua) ? 'ios' : /Android|HarmonyOS|OpenHarmony/i.test(ua) ? 'android' : 'h5'
    var early = (w.__qzEarly = {})

    // The answer's JSON body, or null when none came (the app then asks itself).
    function post(url, body) {
      return w
        .fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
        .then(function (res) {
          return res.json()
        })
        .catch(function () {
          return null
        })
    }
    // src/services/early.ts earlyKey: fn.action and the input's defined fields but `code`, sorted.
    function keyOf(fn, action, input) {
      var pairs = Object.keys(input)
        .filter(function (k) {
          return input[k] !== undefined && k !== 'code'
        })
        .sort()
        .map(function (k) {
          return [k, input[k]]
        })
      return fn + '.' + action + ':' + JSON.stringify(pairs)
    }
    function start(fn, action, input, body) {
      early[keyOf(fn, action, input)] = { device: device, openid: openid, at: Date.now(), body: body }
    }
    function call(fn, action, input) {
      return post('/api/fn/' + fn, Object.assign({ action: action, device: device }, input))
    }

    var first = (FIRST_CALLS[path] ? FIRST_CALLS[path](params) : []).map(function (c) {
      var body = call(c[0], c[1], c[2])
      start(c[0], c[1], c[2], body)
      return body
    })
    // user.login with the simulator's wx.login code (src/services/cloud.ts wxLoginCode), once the
    // first data is in: no page waits for the profile, so it must not take their bandwidth.
    start(
      'user',
      'login',
      {},
      Promise.all(first)
        .then(function () {
          return post('/wxapi/_dev/login')
        })
        .then(function (b) {
          var code = b && b.ok && b.data ? b.data.code : undefined
          return call('user', 'login', code ? { code: code } : {})
        }),
    )
  }
})(window, document, __ROUTES__, __HOME__)
