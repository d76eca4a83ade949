import { randomBytes } from 'node:crypto';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A DirectLogin token, or an OAuth2 access token sent as `Authorization: Bearer`. */
export type Auth = { token: string } | { bearer: string } | undefined;

/** A thin HTTP client for tests: JSON in, JSON out, the DirectLogin token or bearer token header when given. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; auth?: Auth; headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth && 'bearer' in options.auth) headers.Authorization = `Bearer ${options.auth.bearer}`;
    else if (options.auth) headers.DirectLogin = `token=${options.auth.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
    const url = path.startsWith('/my/logins/') || path.startsWith('/obp/') ? path : `/obp/v3.1.0${path}`;
    const res = await fetch(this.baseUrl + url, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, auth?: Auth, headers?: Record<string, string>) {
    return this.request<T>('GET', path, { auth, headers });
  }
  post<T = any>(path: string, body: unknown, auth?: Auth, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { body, auth, headers });
  }
  put<T = any>(path: string, body: unknown, auth?: Auth, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, { body, auth, headers });
  }
  delete<T = any>(path: string, auth?: Auth) {
    return this.request<T>('DELETE', path, { auth });
  }
}

export const uniqueId = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;
