import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DomainDeps } from '../../src/domain/context.js';
import { ids } from '../../src/lib/ids.js';

/**
 * A valid one-page PDF of exactly `size` bytes: the page, then comment lines of random hex as
 * padding (so no two are alike and nothing deduplicates), then the cross-reference table.
 */
export function benchPdf(size: number): Buffer {
  const head = '%PDF-1.4\n';
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let body = head;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = (at: number) =>
    `xref\n0 4\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n${String(at).padStart(10, '0')}\n%%EOF\n`;
  const padding = size - body.length - xref(0).length;
  if (padding < 2) throw new Error(`a bench PDF needs at least ${body.length + xref(0).length + 2} bytes`);
  const out = Buffer.alloc(size);
  out.write(body, 0, 'latin1');
  // Lines of "%<hex>\n": 64-byte lines of random hex, the last one shorter.
  const hex = randomBytes(Math.ceil(padding / 2)).toString('hex');
  let at = body.length;
  let cursor = 0;
  for (let left = padding; left > 0; ) {
    const line = left - 64 === 1 ? 63 : Math.min(64, left);
    out.write('%', at, 'latin1');
    if (line > 2) out.write(hex.slice(cursor, cursor + line - 2), at + 1, 'latin1');
    out.write('\n', at + line - 1, 'latin1');
    cursor += line - 2;
    at += line;
    left -= line;
  }
  out.write(xref(body.length + padding), at, 'latin1');
  return out;
}

/**
 * Files of a resident's drive as an upload leaves them (blob stored, row 'clean', quota counted),
 * written directly: many rows may name one blob, as content addressing allows.
 */
export async function insertDriveFiles(
  deps: DomainDeps,
  residentId: string,
  files: { content: Buffer; count: number; folderId: string | null; name: (i: number) => string },
): Promise<{ ids: string[]; sha256: string }> {
  const stored = await deps.blobs.put(Readable.from([files.content]));
  const now = deps.clock.now();
  await deps.repos.blobs.insertMany([{ sha256: stored.sha256, size_bytes: stored.size, media_type: 'application/pdf', stored_at: now }]);
  const made: string[] = [];
  // 1,000 files per transaction: one commit (one fsync) per batch, not two per file.
  for (let from = 0; from < files.count; from += 1000) {
    await deps.transaction(async (repos) => {
      for (let i = from; i < Math.min(files.count, from + 1000); i++) {
        const id = ids.uuidv7();
        const at = now - (files.count - i) * 60_000;
        await repos.uploads.insertFile(
          {
            id,
            resident_id: residentId,
            folder_id: files.folderId,
            name: files.name(i),
            description: '',
            doc_tag: null,
            version: 1,
            sha256: stored.sha256,
            media_type: 'application/pdf',
            size_bytes: stored.size,
            pages: 1,
            status: 'clean',
            created_at: at,
            updated_at: at,
            deleted_at: null,
          },
          { file_id: id, version: 1, sha256: stored.sha256, media_type: 'application/pdf', size_bytes: stored.size, pages: 1, created_at: at },
        );
        made.push(id);
      }
    });
  }
  await deps.repos.uploads.reserve(residentId, stored.size * files.count, Number.MAX_SAFE_INTEGER);
  return { ids: made, sha256: stored.sha256 };
}
