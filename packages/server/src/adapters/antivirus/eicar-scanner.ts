import type { Readable } from 'node:stream';
import type { MalwareScanner, ScanVerdict } from './malware-scanner.js';

/** The 68-byte EICAR anti-virus test string (split so this file is not itself flagged). */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$' + 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const SIGNATURE = Buffer.from(EICAR, 'latin1');

/**
 * Development stand-in: refuses anything that contains the EICAR test string anywhere,
 * passes everything else. It finds no real malware; configure clamd for that.
 */
export function eicarScanner(): MalwareScanner {
  return {
    kind: 'eicar-stand-in',
    async scan(body: Readable): Promise<ScanVerdict> {
      // Bytes, never strings: a 10 MB file would otherwise leave 20 MB of strings to collect.
      let carry: Buffer = Buffer.alloc(0);
      let found = false;
      for await (const chunk of body) {
        if (found) continue; // drain
        const bytes = chunk as Buffer;
        // Inside the chunk, or across the seam with the bytes before it.
        found = bytes.includes(SIGNATURE) || Buffer.concat([carry, bytes.subarray(0, SIGNATURE.length - 1)]).includes(SIGNATURE);
        const keep = SIGNATURE.length - 1;
        carry = bytes.length >= keep ? Buffer.from(bytes.subarray(bytes.length - keep)) : Buffer.concat([carry, bytes]).subarray(-keep);
      }
      return found ? { clean: false, signature: 'Eicar-Test-Signature' } : { clean: true };
    },
  };
}
