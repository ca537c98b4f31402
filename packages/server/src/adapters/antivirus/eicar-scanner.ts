import type { Readable } from 'node:stream';
import { scanWithSession, type MalwareScanner, type ScanSession, type ScanVerdict } from './malware-scanner.js';

/** The 68-byte EICAR anti-virus test string (split so this file is not itself flagged). */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$' + 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const SIGNATURE = Buffer.from(EICAR, 'latin1');
/** Bytes of a chunk's end that may begin the signature, kept to look across the seam with the next. */
const KEEP = SIGNATURE.length - 1;

/**
 * Development stand-in: refuses anything that contains the EICAR test string anywhere,
 * passes everything else. It finds no real malware; configure clamd for that.
 */
export function eicarScanner(): MalwareScanner {
  const start = (): ScanSession => {
    // Searched in each chunk where it lies (no copy of it), and across each seam in `seam`: the
    // last KEEP bytes before it and the first KEEP bytes after. Nothing is allocated per chunk.
    const seam = Buffer.allocUnsafe(2 * KEEP);
    let carried = 0;
    let found = false;
    return {
      write(bytes) {
        if (found) return;
        const head = Math.min(KEEP, bytes.length);
        bytes.copy(seam, carried, 0, head);
        found = (carried > 0 && seam.subarray(0, carried + head).includes(SIGNATURE)) || bytes.includes(SIGNATURE);
        if (bytes.length >= KEEP) {
          bytes.copy(seam, 0, bytes.length - KEEP);
          carried = KEEP;
        } else {
          // A short chunk: what was carried and it, the last KEEP bytes of both.
          const total = carried + head;
          const keep = Math.min(KEEP, total);
          seam.copy(seam, 0, total - keep, total);
          carried = keep;
        }
      },
      end: async (): Promise<ScanVerdict> => (found ? { clean: false, signature: 'Eicar-Test-Signature' } : { clean: true }),
      abort() {},
    };
  };
  return { kind: 'eicar-stand-in', start, scan: (body: Readable) => scanWithSession(start(), body) };
}
