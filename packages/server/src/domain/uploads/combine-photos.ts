import type { Readable } from 'node:stream';
import type PDFKitDocument from 'pdfkit';
import { AppError } from '../../lib/errors.js';
import type { RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { getUploadedFileForOwner } from './read-file.js';
import type { UploadDeps } from './upload-deps.js';
import { uploadFile } from './upload-file.js';
import type { UploadedFileView } from './views.js';
import { readStoredBlob } from '../blobs/read-blob.js';

export const MAX_COMBINED_PHOTOS = 20;

/** PDFKit, loaded with the first photo to wrap rather than at start-up. */
async function pdfkit(): Promise<typeof PDFKitDocument> {
  return (await import('pdfkit')).default;
}
/** A4 in PDF points, and a small margin around each photo. */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 18;

export interface CombineInput {
  /** The resident's own photos (JPEG or PNG), one page each, in this order. */
  fileIds: string[];
  /** Clockwise turn of each photo, in degrees (default 0). */
  rotations?: (0 | 90 | 180 | 270)[];
  name: string;
  folderId?: string | null;
  description?: string;
  tag?: string | null;
}

/**
 * Several photos (say, both sides of a card) become one PDF on the server, each photo turned
 * as asked and fitted to an A4 page. The PDF is stored like any upload: sniffed, size-limited,
 * counted against the quota and scanned. The photos stay as they are.
 */
export async function combinePhotos(deps: UploadDeps, actor: ResidentActor, input: CombineInput, context: RequestContext | null): Promise<UploadedFileView> {
  if (input.fileIds.length === 0 || input.fileIds.length > MAX_COMBINED_PHOTOS)
    throw new AppError('validation_failed', `Choose 1 to ${MAX_COMBINED_PHOTOS} photos.`);
  const sources = [];
  for (const id of input.fileIds) {
    const row = await getUploadedFileForOwner(deps, actor, id);
    if (!row.media_type.startsWith('image/'))
      throw new AppError('file_type_refused', `"${row.name}" is not a photo; only JPEG and PNG files can be combined into a PDF.`);
    sources.push(row);
  }
  const doc = new (await pdfkit())({ autoFirstPage: false, compress: true, info: { Title: input.name, Creator: 'Tijori' } });
  const producing = (async () => {
    for (const [i, row] of sources.entries()) {
      const blob = await readStoredBlob(deps, row.sha256, `uploaded file ${row.id}`);
      const image = await readAll(blob.stream);
      try {
        addPhotoPage(doc, image, input.rotations?.[i] ?? 0);
      } catch (err) {
        throw new AppError('file_invalid', `The photo "${row.name}" could not be read.`, undefined, { cause: err });
      }
    }
    doc.end();
  })();
  producing.catch((err: unknown) => doc.destroy(err as Error));
  const [file] = await Promise.all([
    uploadFile(
      deps,
      actor,
      { body: doc as unknown as Readable, name: input.name, folderId: input.folderId ?? null, description: input.description ?? '', tag: input.tag ?? null },
      context,
    ),
    producing,
  ]);
  return file;
}

/** One photo, turned as asked and fitted to a new A4 page of `doc`. Throws when the image is unreadable. */
function addPhotoPage(doc: PDFKit.PDFDocument, image: Buffer, turn: number): void {
  const sideways = turn % 180 !== 0;
  const box = { width: (sideways ? PAGE.height : PAGE.width) - 2 * MARGIN, height: (sideways ? PAGE.width : PAGE.height) - 2 * MARGIN };
  doc.addPage({ size: 'A4', margin: 0 });
  doc.save();
  doc.translate(PAGE.width / 2, PAGE.height / 2).rotate(turn);
  try {
    doc.image(image, -box.width / 2, -box.height / 2, { fit: [box.width, box.height], align: 'center', valign: 'center' });
  } finally {
    doc.restore();
  }
}

/**
 * A photo as a one-page PDF, the same bytes every time for the same photo and date (eSign binds
 * its OTP to the SHA-256 of what it will sign, and wraps the photo again to sign it).
 */
export async function photoAsPdf(image: Buffer, title: string, createdAt: number): Promise<Buffer> {
  const doc = new (await pdfkit())({ autoFirstPage: false, compress: true, info: { Title: title, Creator: 'Tijori', CreationDate: new Date(createdAt) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => doc.on('end', () => resolve(Buffer.concat(chunks))).on('error', reject));
  try {
    addPhotoPage(doc, image, 0);
  } catch (err) {
    throw new AppError('file_invalid', `The photo "${title}" could not be read.`, undefined, { cause: err });
  }
  doc.end();
  return done;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}
