import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EICAR, eicarScanner } from './eicar-scanner.js';

const scan = (chunks: Buffer[]) => eicarScanner().scan(Readable.from(chunks));

describe('eicarScanner', () => {
  const file = Buffer.from(`%PDF-1.4 padding ${EICAR} more padding`, 'latin1');

  it('finds the test string wherever the chunks are cut', async () => {
    for (let cut = 0; cut <= file.length; cut++) {
      expect((await scan([file.subarray(0, cut), file.subarray(cut)])).clean, `cut at ${cut}`).toBe(false);
    }
    expect((await scan([...file].map((b) => Buffer.from([b])))).clean).toBe(false);
  });

  it('passes a file without it, and one with only part of it', async () => {
    expect(await scan([Buffer.from('%PDF-1.4 nothing here')])).toEqual({ clean: true });
    expect((await scan([Buffer.from(EICAR.slice(0, 40), 'latin1'), Buffer.from(EICAR.slice(41), 'latin1')])).clean).toBe(true);
  });
});
