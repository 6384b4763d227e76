/* The H5 app's inline bootstrap (docs/performance.md "H5 loading path"). config/h5-loading.ts puts
 * it into dist/h5/index.html, in front of the app's scripts, with __ROUTES__ (each page's chunk
 * files) and __HOME__ (the first page) filled in. Before the app script has arrived it
 *   1. preloads the chunk files of the page the address opens (the hash route),
 *   2. starts that page's first data calls and user.login, leaving each answer's promise in
 *      window.__qzEarly, keyed like src/services/early.ts, where the app takes it instead of
 *      asking again, and
 *   3. on a member's feed, paints a static first screen from circle.get's answer (circle name and
 *      the first posts) into #qz-early while the app is still on its way; the feed page removes it
 *      once it has rendered (src/services/early.ts endEarlyPaint).
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
  var FEED = 'packageCircle/pages/circle/index'
  var FIRST_CALLS = {
    'pages/discover/index': function () {
      return [['circle', 'discover', {}]]
    },
    'pages/mine/index': function () {
      return [['circle', 'mine', {}]]
    },
    [FEED]: function (p) {
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
    // (a feed opened on a tag shows that tag's posts, not the first page of 最新 circle.get carries)
    if (path === FEED && first.length && !params.tag) first[0].then(paint)
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

  // A static copy of the feed's top from circle.get's answer: the circle's head, announcement and
  // tabs, then the first posts (author and text), only for a member (a visitor gets the landing page, and no feed) and
  // only while the app's page is not up (src/services/early.ts endEarlyPaint sets __qzAppUp). Text
  // goes in as textContent. It takes no taps and leaves when the address changes.
  function paint(b) {
    var page = b && b.ok ? b.data : null
    var posts = page && page.me && page.me.state !== 'expired' && page.feed ? page.feed.items : []
    if (!posts.length || w.__qzAppUp || !d.body || moved()) return
    var circle = page.circle
    var box = d.createElement('div')
    box.id = 'qz-early'
    box.setAttribute('aria-hidden', 'true')
    // Feed.scss and PostCard.scss in short (WeChat's palette, px of a 375-wide phone): the title
    // bar, the circle's head, its announcement, the tabs, then the cards. Avatars are blank squares.
    add(box, 'style').textContent =
      '#qz-early{position:fixed;top:0;left:0;right:0;bottom:0;z-index:999;overflow:hidden;pointer-events:none;' +
      'background:#ededed;color:#191919;font-size:15px;line-height:1.4}' +
      '#qz-early .n{height:44px;line-height:44px;text-align:center;font-size:17px;padding:0 56px;' +
      'white-space:nowrap;overflow:hidden;text-overflow:ellipsis}' +
      '#qz-early .w{display:flex;align-items:center;background:#fff;padding:14px 16px}' +
      '#qz-early .a{flex-shrink:0;width:48px;height:48px;margin-right:12px;border-radius:4px;background:#f2f2f2}' +
      '#qz-early b{display:block;font-size:17px;font-weight:600;white-space:nowrap;overflow:hidden}' +
      '#qz-early i{display:block;font-style:normal;font-size:13px;color:#7f7f7f}' +
      '#qz-early .o{display:flex;align-items:flex-start;margin-top:8px;background:#fff;padding:10px 16px;font-size:14px}' +
      '#qz-early em{flex-shrink:0;font-style:normal;font-size:11px;line-height:18px;padding:0 5px;margin:2px 8px 0 0;' +
      'border-radius:3px;color:#fff;background:#fa9d3b}' +
      '#qz-early .t{margin:8px 0;background:#fff;white-space:nowrap;overflow:hidden;border-bottom:1px solid #f0f0f0}' +
      '#qz-early .t span{display:inline-block;padding:10px 14px;color:#7f7f7f;border-bottom:2px solid transparent}' +
      '#qz-early .t span:first-child{color:#191919;font-weight:600;border-bottom-color:#07c160}' +
      '#qz-early .c{background:#fff;padding:14px 16px 12px;margin-bottom:8px}' +
      '#qz-early .c .w{padding:0}#qz-early .c .a{width:40px;height:40px;margin-right:10px}' +
      '#qz-early .c .w span{color:#576b95;font-weight:500}' +
      '#qz-early p{margin:8px 0 0;line-height:1.6;white-space:pre-wrap;word-break:break-all;' +
      'display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:6;overflow:hidden}'
    add(box, 'div', circle.name, 'n')
    var head = add(box, 'div', undefined, 'w')
    add(head, 'div', undefined, 'a')
    var who = add(head, 'div')
    add(who, 'b', circle.name)
    add(who, 'i', circle.memberCount + ' 位成员 ›')
    if (circle.announcement) {
      var notice = add(box, 'div', undefined, 'o')
      add(notice, 'em', '公告')
      add(notice, 'span', circle.announcement)
    }
    var tabs = add(box, 'div', undefined, 't')
    ;['最新', '精华', '圈主']
      .concat(
        (circle.tags || []).map(function (t) {
          return '#' + t
        }),
      )
      .forEach(function (t) {
        add(tabs, 'span', t)
      })
    posts.slice(0, 3).forEach(function (post) {
      var card = add(box, 'div', undefined, 'c')
      var by = add(card, 'div', undefined, 'w')
      add(by, 'div', undefined, 'a')
      add(by, 'span', post.author.nickname)
      if (post.text) add(card, 'p', post.text)
    })
    d.body.appendChild(box)
    w.addEventListener('hashchange', function () {
      if (moved() && box.parentNode) box.parentNode.removeChild(box)
    })
  }
  // Whether the address is no longer the one this bootstrap opened.
  function moved() {
    return w.location.hash.replace(/^#\/?/, '') !== hash
  }
  function add(parent, tag, text, cls) {
    var el = d.createElement(tag)
    if (text !== undefined) el.textContent = text
    if (cls) el.className = cls
    return parent.appendChild(el)
  }
})(window, document, __ROUTES__, __HOME__)
