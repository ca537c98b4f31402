const TYPE = Buffer.from('/Type', 'latin1');
const PAGE = Buffer.from('/Page', 'latin1');
/** The longest run of white space between /Type and /Page that is looked through. */
const MAX_GAP = 64;
/** Bytes after a "/Type" that always decide it: the name, the gap, "/Page" and one more. */
const DECIDED_WITHIN = TYPE.length + MAX_GAP + PAGE.length + 1;

// White space as a regular expression's \s sees a Latin-1 byte.
const isSpace = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d) || b === 0xa0;
const isLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

/** At `s`, where "/Type" starts: 1 when it names a page object, 0 when not, -1 when more bytes must come first. */
function pageObjectAt(buf: Buffer, s: number, final: boolean): 1 | 0 | -1 {
  let i = s + TYPE.length;
  while (i < buf.length && isSpace(buf[i]!)) {
    if (++i - s - TYPE.length > MAX_GAP) return 0;
  }
  const available = Math.min(PAGE.length, buf.length - i);
  if (buf.compare(PAGE, 0, available, i, i + available) !== 0) return 0;
  if (i + PAGE.length >= buf.length) return final ? (available === PAGE.length ? 1 : 0) : -1;
  return isLetter(buf[i + PAGE.length]!) ? 0 : 1;
}

/**
 * Counts a PDF's page objects (`/Type /Page`, not `/Pages`) as its bytes stream past, without
 * turning them into strings (a 10 MB upload used to become about 20 MB of short-lived strings,
 * decoded and then joined for the regular expression). Only the few bytes of a "/Type" still
 * undecided at a chunk's end are copied and kept.
 */
export function createPdfPageCounter() {
  let pages = 0;
  /** Bytes from the first undecided "/Type" (or the last few bytes, which may begin one). */
  let pending: Buffer = Buffer.alloc(0);

  /** Counts the "/Type"s starting in buf[from, to) that can be decided; returns where the undecided ones begin. */
  const scan = (buf: Buffer, from: number, to: number, final: boolean): number => {
    for (let s = buf.indexOf(TYPE, from); s !== -1 && s < to; s = buf.indexOf(TYPE, s + 1)) {
      const found = pageObjectAt(buf, s, final);
      if (found === -1) return s;
      pages += found;
    }
    return -1;
  };
  const keep = (buf: Buffer, undecided: number) => {
    // Nothing undecided: keep the last bytes, which may be the start of a "/Type".
    pending = Buffer.from(undecided === -1 ? buf.subarray(Math.max(0, buf.length - (TYPE.length - 1))) : buf.subarray(undecided));
  };

  return {
    push(chunk: Buffer): void {
      if (pending.length > 0 && chunk.length <= DECIDED_WITHIN) {
        const joined = Buffer.concat([pending, chunk]);
        keep(joined, scan(joined, 0, joined.length, false));
        return;
      }
      if (pending.length > 0) {
        // The seam: each "/Type" starting in the kept bytes has DECIDED_WITHIN bytes after it here.
        const seam = Buffer.concat([pending, chunk.subarray(0, DECIDED_WITHIN)]);
        scan(seam, 0, pending.length, false);
      }
      keep(chunk, scan(chunk, 0, chunk.length, false));
    },
    /** After the last chunk. */
    end(): number {
      scan(pending, 0, pending.length, true);
      pending = Buffer.alloc(0);
      return pages;
    },
  };
}
