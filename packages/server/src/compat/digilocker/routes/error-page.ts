const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Tijori's own page for an authorisation request whose client or redirect URI is wrong: the
 * resident is told here and sent nowhere (a redirect would hand them to an unverified address).
 */
export function errorPage(code: string, description: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Tijori: request refused</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem"><h1>This request cannot continue</h1>
<p>${escape(description)}</p><p>Nothing was shared. Close this page and tell the application's provider.</p>
<p><small>Error: <code id="error">${escape(code)}</code></small></p></body></html>`;
}
