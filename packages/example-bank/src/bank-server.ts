import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { PendingLogin, TijoriClient, Tokens } from './tijori-client.js';

interface Session {
  pending?: PendingLogin;
  tokens?: Tokens;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Example Bank</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem"><h1>Example Bank: open an account</h1>${body}</body></html>`;

/**
 * The example bank's web site: a "Fetch from Tijori" button, the OAuth callback, and an account
 * page that reads the consented documents from Tijori on every visit (so a withdrawn consent
 * shows at once). Sessions live in memory: this is a demonstration, not a bank.
 */
export function createBankServer(tijori: TijoriClient, redirectPath = '/callback'): http.Server {
  const sessions = new Map<string, Session>();
  return http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://bank.invalid');
      const sid = /(?:^|; )bank_session=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1];
      let session = sid ? sessions.get(sid) : undefined;
      const send = (status: number, html: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
        res.end(html);
      };
      if (url.pathname === '/') {
        return send(
          200,
          page(
            '<p>Skip the photocopies: share your marksheet and details from Tijori, with your consent.</p><p><a id="fetch" href="/login" style="display:inline-block;padding:.8rem 1.2rem;background:#0b5;color:#fff;border-radius:.4rem;text-decoration:none">Fetch from Tijori</a></p>',
          ),
        );
      }
      if (url.pathname === '/login') {
        const { url: to, pending } = await tijori.startLogin();
        const id = randomBytes(16).toString('base64url');
        sessions.set(id, { pending });
        return send(302, '', { location: to.toString(), 'set-cookie': `bank_session=${id}; HttpOnly; SameSite=Lax; Path=/` });
      }
      if (url.pathname === redirectPath) {
        if (!session?.pending) return send(400, page('<p>This sign-in was not started here. <a href="/">Start again</a>.</p>'));
        if (url.searchParams.get('error'))
          return send(200, page(`<p id="refused">Tijori said: ${escape(url.searchParams.get('error') ?? '')}. <a href="/">Start again</a>.</p>`));
        session.tokens = await tijori.finishLogin(url, session.pending);
        delete session.pending;
        return send(302, '', { location: '/account' });
      }
      if (url.pathname === '/account') {
        if (!session?.tokens) return send(302, '', { location: '/' });
        const files = await tijori.get(session.tokens.accessToken, '/public/oauth2/1/files/issued');
        if (files.status !== 200) {
          const error = (files.body as { error?: string }).error ?? String(files.status);
          session = undefined;
          return send(
            200,
            page(`<p id="refused">Tijori refused: <code>${escape(error)}</code> (consent withdrawn or expired). <a href="/">Ask again</a>.</p>`),
          );
        }
        const items = (files.body as { items: { name: string; uri: string; issuer: string }[] }).items;
        const claims = session.tokens.idTokenClaims;
        return send(
          200,
          page(
            `<p>Tijori locker <code id="locker">${escape(String(claims?.sub ?? session.tokens.lockerId))}</code>${claims?.name ? `, ${escape(String(claims.name))}` : ''}.</p>` +
              `<h2>Documents received</h2><ul id="documents">${items.map((i) => `<li data-uri="${escape(i.uri)}">${escape(i.name)} — ${escape(i.issuer)}</li>`).join('')}</ul>`,
          ),
        );
      }
      return send(404, page('<p>Not found.</p>'));
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Tijori answered unexpectedly: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
}
