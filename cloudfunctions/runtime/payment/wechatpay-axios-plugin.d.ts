// The plugin's Decorator (the APIv3 client: signs requests, verifies answers) is imported from its
// own file: the package index re-assigns `default` on a class that has a `default` getter, which
// throws once bundled (esbuild output is strict). Its typings only describe the index.
declare module 'wechatpay-axios-plugin/lib/decorator' {
  class Decorator {
    constructor(config: Record<string, unknown>)
    request(pathname: string, method: string, data?: unknown, config?: Record<string, unknown>): Promise<{ status: number; data: any; headers: any }>
  }
  export = Decorator
}
