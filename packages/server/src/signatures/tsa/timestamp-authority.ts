/**
 * An RFC 3161 time-stamping authority. The signing engine asks it for a signature timestamp
 * (PAdES B-T) over the SHA-256 of a signature value. The stand-in (standin-tsa.ts) signs with
 * a key held by Tijori's CA; an external TSA (http-tsa.ts) is asked over HTTP.
 */
export interface TimestampAuthority {
  /** A TimeStampToken — a CMS ContentInfo (DER) — whose message imprint is `sha256`. */
  timestamp(sha256: Buffer): Promise<Buffer>;
}
