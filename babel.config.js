// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
//
// The weapp build targets ES2017 syntax: WeChat on older iPhones runs the mini-program in the
// system JavaScriptCore, which before iOS 13.4 cannot parse `?.` or `??` (and before iOS 11.3
// not object spread or `catch {}`). iOS 10.3 / Chrome 58 are the engines that parse ES2017 and
// nothing newer, so everything later is compiled down; async functions and classes stay native,
// keeping the package small (see `assumptions` too). test/weapp/syntax.test.ts parses every shipped .js at ES2017.
// (The H5 build keeps package.json's browserslist: a modern browser for the local demo.)
const weapp = process.env.TARO_ENV === 'weapp'

module.exports = {
  // Shorter down-compiled code (the main package has a size budget): `a?.b.c` becomes `a == null ?
  // void 0 : a.b.c` without temporaries (no engine WeChat runs has document.all; property reads
  // here have no side effects), and `{ ...a }` / `{ a, ...rest }` assign properties instead of
  // defining them and skip symbol keys (no object here relies on either).
  ...(weapp ? { assumptions: { noDocumentAll: true, pureGetters: true, setSpreadProperties: true, objectRestNoSymbols: true } } : {}),
  presets: [
    ['taro', {
      framework: 'react',
      ts: true,
      compiler: 'webpack5',
      ...(weapp ? { targets: { ios: '10.3', chrome: '58' } } : {}),
    }],
  ],
}
