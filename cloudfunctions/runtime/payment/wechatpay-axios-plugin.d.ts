// The plugin's Decorator (the APIv3 client: signs requests, verifies answers) is imported from its
// own file: the package index re-assigns `default` on a class that has a `default` getter, which
// throws once bundled (esbuild output is strict). Its typings only describe the index.
declare module 'wechatpay-axios-plugin/lib/decorator' {
  class Decorator {
    constructor(config: Record<string, unknown>)
    request(
      pathname: string,
      method: string,
      data?: unknown,
      config?: Record<string, unknown>,
    ): Promise<{ status: number; data: any; headers: any }>
  }
  export = Decorator
}

// multipart/form-data for /v3/merchant/media/upload (the `meta` part is what the request signs).
declare module 'wechatpay-axios-plugin/lib/multipart' {
  class Multipart {
    append(name: string, value: string | Buffer, filename?: string): this
    getBuffer(): Buffer
    getHeaders(): Record<string, string>
  }
  export = Multipart
}

// RSA-OAEP encryption of sensitive fields with the WeChat Pay public key.
declare module 'wechatpay-axios-plugin/lib/rsa' {
  const Rsa: { encrypt(plaintext: string, publicKey: unknown): string }
  export = Rsa
}
