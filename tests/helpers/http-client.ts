import { CookieJar } from 'tough-cookie';

export type Page = { status: number; url: string; headers: Headers; body: string; redirects: string[] };
export type RequestOptions = { method?: string; headers?: Record<string, string>; body?: string | URLSearchParams; follow?: boolean };

/**
 * A browser-like HTTP client for plain-HTTP logins across the BFF, the IdP and back: a cookie jar
 * that honours paths and flags, manual redirects (so each hop's cookies are kept), form posts.
 */
export function createBrowser(options: { userAgent?: string } = {}) {
  const jar = new CookieJar();

  const { userAgent } = options;
  async function request(url: string, options: RequestOptions = {}): Promise<Page> {
    let current = url;
    let method = options.method ?? 'GET';
    let body = options.body;
    const redirects: string[] = [];
    for (let hop = 0; hop < 20; hop += 1) {
      const cookie = await jar.getCookieString(current);
      const headers: Record<string, string> = { ...(userAgent ? { 'user-agent': userAgent } : {}), ...options.headers };
      if (cookie) headers.cookie = cookie;
      if (body instanceof URLSearchParams) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(current, { method, headers, body, redirect: 'manual' });
      for (const setCookie of response.headers.getSetCookie()) await jar.setCookie(setCookie, current, { ignoreError: true });
      const location = response.headers.get('location');
      if (options.follow !== false && location && response.status >= 300 && response.status < 400) {
        await response.arrayBuffer();
        redirects.push(current);
        current = new URL(location, current).toString();
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      return { status: response.status, url: current, headers: response.headers, body: await response.text(), redirects };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits the page's first form (or the one whose action matches), hidden fields included. */
  async function submitForm(page: Page, fields: Record<string, string>, actionIncludes?: string): Promise<Page> {
    const forms = [...page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)];
    const form = forms.find((match) => !actionIncludes || (match[1] ?? '').includes(actionIncludes));
    if (!form) throw new Error(`no form on ${page.url} (status ${page.status}):\n${page.body.slice(0, 500)}`);
    const attributes = form[1] ?? '';
    const action = /action="([^"]*)"/i.exec(attributes)?.[1] ?? page.url;
    const method = (/method="([^"]*)"/i.exec(attributes)?.[1] ?? 'POST').toUpperCase();
    const params = new URLSearchParams();
    for (const input of (form[2] ?? '').matchAll(/<input\b[^>]*>/gi)) {
      const tag = input[0];
      const name = /name="([^"]*)"/i.exec(tag)?.[1];
      const type = /type="([^"]*)"/i.exec(tag)?.[1];
      if (name && type === 'hidden') params.set(name, decodeEntities(/value="([^"]*)"/i.exec(tag)?.[1] ?? ''));
    }
    for (const [name, value] of Object.entries(fields)) params.set(name, value);
    return request(new URL(decodeEntities(action), page.url).toString(), { method, body: params });
  }

  return {
    jar,
    request,
    get: (url: string, headers?: Record<string, string>) => request(url, { headers }),
    submitForm,
    cookies: (url: string) => jar.getCookies(url),
  };
}

export type Browser = ReturnType<typeof createBrowser>;

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}
