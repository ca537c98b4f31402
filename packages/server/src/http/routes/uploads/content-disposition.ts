/**
 * A Content-Disposition value (RFC 6266) whose filename* parameter (RFC 5987/8187) carries the
 * name in UTF-8, with a plain-ASCII filename for old clients. The name has no control
 * characters (sanitizeName), but is escaped here anyway: this is a header.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** For a file shown in the site's origin: no scripts, no plugins, an opaque origin (sandbox). */
export const INLINE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";
