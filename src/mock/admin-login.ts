import { needsToken, sameSecret, sessionCookie, type AdminAccess } from './admin-access.js';
import type { MockResponse } from './types.js';

/** The page's address; `?token=` on it logs the browser in. */
export const PAGE_PATH = '/__mock/ui';

const NO_STORE = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

/**
 * With an admin token, the browser gives it once, as Jupyter's page asks for its own:
 * `GET /__mock/ui?token=T` (typed, or sent by the form of `tokenForm`) sets the page's cookie
 * and sends the browser on to `/__mock/ui`, so the token leaves the address bar and history.
 * Undefined for any other request.
 */
export function answerLogin(method: string, path: string, query: URLSearchParams, access: AdminAccess): MockResponse | undefined {
  const offered = query.get('token');
  if (access.token === undefined || method !== 'GET' || path !== PAGE_PATH || offered === null) return undefined;
  if (!sameSecret(offered, access.token)) return tokenForm('That is not the admin token.');
  return { status: 303, headers: { ...NO_STORE, Location: PAGE_PATH, 'Set-Cookie': sessionCookie(access.token) } };
}

/**
 * The 401 a browser gets for the page without the token: a form that asks for it (plain HTML,
 * no script: the page's own script is behind the token too); any other path gets the JSON 401.
 */
export function refuseWithoutToken(method: string, path: string): MockResponse {
  return method === 'GET' && path === PAGE_PATH ? tokenForm() : needsToken();
}

function tokenForm(problem?: string): MockResponse {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>coupon-contracts mock: admin token</title></head>
<body><main>
<h1>The mock's page needs its admin token</h1>
<p>The mock was started with <code>--admin-token</code> (or <code>COUPON_MOCK_ADMIN_TOKEN</code>). Give it once; this browser then keeps a cookie for <code>/__mock/</code>.</p>
${problem ? `<p role="alert">${problem}</p>\n` : ''}<form method="get" action="${PAGE_PATH}">
<label>Admin token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
<button type="submit">Open the page</button>
</form>
</main></body></html>
`;
  return {
    status: 401,
    headers: {
      ...NO_STORE,
      'Content-Security-Policy': "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
    },
    contentType: 'text/html; charset=utf-8',
    body: html,
  };
}
