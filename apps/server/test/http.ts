/** A small JSON-over-HTTP client for tests: real requests against a listening server. */
export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function httpClient(baseUrl: string, defaultToken?: string) {
  async function call<T = any>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      raw?: string;
      token?: string | null;
      headers?: Record<string, string>;
    } = {},
  ): Promise<HttpResult<T>> {
    const token = options.token === undefined ? defaultToken : options.token;
    const headers: Record<string, string> = { ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (an HTML page): keep the text.
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
  return {
    get: <T = any>(path: string, options?: Parameters<typeof call>[2]) =>
      call<T>('GET', path, options),
    post: <T = any>(path: string, body?: unknown, options?: Parameters<typeof call>[2]) =>
      call<T>('POST', path, { ...options, ...(body !== undefined ? { body } : {}) }),
    patch: <T = any>(path: string, body: unknown, options?: Parameters<typeof call>[2]) =>
      call<T>('PATCH', path, { ...options, body }),
    put: <T = any>(path: string, body: unknown, options?: Parameters<typeof call>[2]) =>
      call<T>('PUT', path, { ...options, body }),
    delete: <T = any>(path: string, options?: Parameters<typeof call>[2]) =>
      call<T>('DELETE', path, options),
    call,
  };
}
