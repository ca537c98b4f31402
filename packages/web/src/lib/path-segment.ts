/**
 * A value (document URI, org id) as one segment of a portal path. Dots are written as %2E:
 * a path whose last segment has a dot looks like a file to the server's SPA fallback, so a
 * bookmark or a reload would not get the portal. The router decodes it back.
 */
export function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/\./g, '%2E');
}

/** A route parameter back to its value, whether or not the router already decoded it. */
export function fromPathSegment(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return segment ?? '';
  }
}
