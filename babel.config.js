// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
//
// The weapp build targets ES2017 syntax: WeChat on older iPhones runs the mini-program in the
// system JavaScriptCore, which before iOS 13.4 cannot parse `?.` or `??`. Targets: iOS 12 (the
// oldest iOS WeChat still runs on; its engine bugs are worked around too) and Chrome 58 (an
// engine that parses ES2017 and nothing newer, so object spread, `catch {}`, async generators and
// every later syntax are compiled down). Async functions and classes stay native, keeping the
// package small (see `assumptions` too). test/weapp/syntax.test.ts parses every shipped .js at
// ES2017. (The H5 build keeps package.json's browserslist: a modern browser for the local demo.)
const weapp = process.env.TARO_ENV === 'weapp'

module.exports = {
  // Shorter down-compiled code (the main package has a size budget): `a?.b.c` becomes `a == null ?
  // void 0 : a.b.c` without temporaries (no engine WeChat runs has document.all; property reads
  // here have no side effects), and `{ ...a }` / `{ a, ...rest }` assign properties instead of
  // defining them and skip symbol keys (no object here relies on either).
  ...(weapp
    ? { assumptions: { noDocumentAll: true, pureGetters: true, setSpreadProperties: true, objectRestNoSymbols: true } }
    : {}),
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        ...(weapp ? { targets: { ios: '12', chrome: '58' } } : {}),
      },
    ],
  ],
}
