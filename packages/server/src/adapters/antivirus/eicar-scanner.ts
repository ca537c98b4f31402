import type { Readable } from 'node:stream';
import type { MalwareScanner, ScanVerdict } from './malware-scanner.js';

/** The 68-byte EICAR anti-virus test string (split so this file is not itself flagged). */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$' + 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/**
 * Development stand-in: refuses anything that contains the EICAR test string anywhere,
 * passes everything else. It finds no real malware; configure clamd for that.
 */
export function eicarScanner(): MalwareScanner {
  return {
    kind: 'eicar-stand-in',
    async scan(body: Readable): Promise<ScanVerdict> {
      let carry = '';
      let found = false;
      for await (const chunk of body) {
        if (found) continue; // drain
        const text = carry + (chunk as Buffer).toString('latin1');
        if (text.includes(EICAR)) found = true;
        carry = text.slice(-(EICAR.length - 1));
      }
      return found ? { clean: false, signature: 'Eicar-Test-Signature' } : { clean: true };
    },
  };
}
