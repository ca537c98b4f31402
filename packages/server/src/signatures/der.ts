/**
 * Just enough DER to write the few structures no schema library here describes (ESS
 * signing-certificate-v2) and to find the exact bytes a signature covers inside a CMS blob
 * (re-encoding a parsed structure could change them; a verifier must hash what is there).
 */

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), lengthBytes(body.length), body]);
}

export const seq = (...content: Buffer[]) => tlv(0x30, ...content);
export const octets = (b: Buffer) => tlv(0x04, b);

/** A DER SET OF: the encoded members sorted as byte strings (X.690 11.6). */
export function setOf(members: Buffer[]): Buffer {
  return tlv(0x31, ...[...members].sort(Buffer.compare));
}

export interface Node {
  tag: number;
  /** Offset of the tag byte within the input. */
  start: number;
  /** Offset of the content. */
  contentStart: number;
  end: number;
}

/** Reads one definite-length TLV at `offset` (DER and the definite-length BER that CMS uses). */
export function readNode(buf: Buffer, offset: number): Node {
  if (offset + 2 > buf.length) throw new Error('truncated DER');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new Error('multi-byte tags are not used here');
  let len = buf[offset + 1]!;
  let pos = offset + 2;
  if (len === 0x80) throw new Error('indefinite lengths are not supported');
  if (len > 0x80) {
    const count = len & 0x7f;
    if (count > 4 || pos + count > buf.length) throw new Error('bad DER length');
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + buf[pos + i]!;
    pos += count;
  }
  if (pos + len > buf.length) throw new Error('truncated DER');
  return { tag, start: offset, contentStart: pos, end: pos + len };
}

export function children(buf: Buffer, node: Node): Node[] {
  const out: Node[] = [];
  for (let at = node.contentStart; at < node.end; ) {
    const child = readNode(buf, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The length of the DER element at the start of `buf` (a CMS blob padded with zeros in a PDF). */
export function derLength(buf: Buffer): number {
  return readNode(buf, 0).end;
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [];
  const push = (n: number) => {
    const chunk: number[] = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  };
  push(parts[0]! * 40 + parts[1]!);
  for (const p of parts.slice(2)) push(p);
  return tlv(0x06, Buffer.from(bytes));
}

/** The dotted form of a DER OBJECT IDENTIFIER's content (or of a whole OID element). */
export function oidString(buf: Buffer): string {
  const content = buf[0] === 0x06 ? buf.subarray(readNode(buf, 0).contentStart) : buf;
  const parts: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** UTCTime (0x17) or GeneralizedTime (0x18), as X.509 and RFC 3161 write them, in epoch ms. */
export function readTime(buf: Buffer, node: Node): number {
  const text = buf.subarray(node.contentStart, node.end).toString('latin1');
  const m =
    node.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(text);
  if (!m) throw new Error(`unreadable time ${text}`);
  let year = Number(m[1]);
  if (node.tag === 0x17) year += year < 50 ? 2000 : 1900;
  const ms = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) + Math.floor(ms);
}

/** The bytes of a node (tag and length included). */
export const raw = (buf: Buffer, node: Node) => buf.subarray(node.start, node.end);
/** The content of a node. */
export const body = (buf: Buffer, node: Node) => buf.subarray(node.contentStart, node.end);
