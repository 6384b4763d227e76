/**
 * The shipped mini-program parses on WeChat's oldest JavaScript engines: every .js of the
 * production build (dist/weapp) must be ECMAScript 2017. WeChat on iOS runs the mini-program in
 * the system JavaScriptCore, which before iOS 13.4 throws a SyntaxError on `?.` or `??` — the
 * whole package fails to start, and the project's es6/enhance switches are off, so nothing on
 * WeChat's side compiles it down. babel.config.js (targets) and config/index.ts (compile.include
 * for packages that ship newer syntax) make the build pass.
 */
import { parse } from 'acorn'
import { readdirSync, readFileSync, statSync } from 'fs'
import path from 'path'

const DIST = path.resolve(__dirname, '..', '..', 'dist', 'weapp')

function scripts(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return scripts(full)
    return name.endsWith('.js') ? [full] : []
  })
}

/** The first syntax error at ES2017, with the code around it, or null. */
function es2017Error(file: string): string | null {
  const source = readFileSync(file, 'utf8')
  try {
    parse(source, { ecmaVersion: 2017, sourceType: 'script' })
    return null
  } catch (error) {
    const pos = (error as { pos?: number }).pos ?? 0
    return `${path.relative(DIST, file)}: ${(error as Error).message} near ${JSON.stringify(source.slice(Math.max(0, pos - 50), pos + 30))}`
  }
}

describe('the production weapp bundle (dist/weapp)', () => {
  const files = scripts(DIST)

  it('has scripts to check', () => {
    expect(files.length).toBeGreaterThan(50)
  })

  it('parses as ECMAScript 2017 in every .js, so JavaScriptCore before iOS 13.4 can run it', () => {
    expect(files.map(es2017Error).filter(Boolean)).toEqual([])
  })

  it('would catch optional chaining and nullish coalescing (the check itself can fail)', () => {
    expect(() => parse('a?.b', { ecmaVersion: 2017 })).toThrow()
    expect(() => parse('a ?? b', { ecmaVersion: 2017 })).toThrow()
    expect(() => parse('({...a})', { ecmaVersion: 2017 })).toThrow()
    expect(() => parse('try {} catch {}', { ecmaVersion: 2017 })).toThrow()
    expect(() => parse('async function f() { await g() }', { ecmaVersion: 2017 })).not.toThrow()
  })
})
