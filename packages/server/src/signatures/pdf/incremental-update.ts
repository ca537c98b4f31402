import type * as PdfLib from 'pdf-lib';
import type { PDFDict, PDFDocument, PDFObject, PDFRef } from 'pdf-lib';
import { AppError } from '../../lib/errors.js';

/** Bytes reserved for the CMS blob (hex-encoded in the file: twice this). */
export const CONTENTS_BYTES = 12_000;

/**
 * pdf-lib, loaded by the first PDF read here (every other use follows a read), not at start-up:
 * a server that never signs a PDF does not pay for it.
 */
let pdfLib: typeof PdfLib | undefined;
function lib(): typeof PdfLib {
  if (!pdfLib) throw new Error('pdf-lib is used before a PDF was read');
  return pdfLib;
}
const RANGE_WIDTH = 10;

export interface FieldPlacement {
  /** 1-based page number. */
  page: number;
  /** Lower-left corner and size, in PDF points from the page's lower-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PreparedSignature {
  /** The PDF with the signature field added as an incremental update, /Contents zero-filled. */
  pdf: Buffer;
  byteRange: [number, number, number, number];
}

export interface SignatureDictionary {
  name: string;
  reason: string;
  location?: string;
  signingTime: Date;
}

/**
 * Appends a signature field (a widget with the given appearance, on the given page) and an
 * empty signature dictionary to a PDF as an incremental update: the original bytes stay as
 * they were, so signatures already in the file keep verifying. The new objects are built with
 * pdf-lib and written here, after the original, with their own cross-reference section (a
 * table or a stream, as the file already uses) that points back to the previous one.
 */
export async function prepareSignature(
  original: Buffer,
  placement: FieldPlacement,
  appearancePdf: Buffer,
  dict: SignatureDictionary,
): Promise<PreparedSignature> {
  const { tail, doc, page } = await locateField(original, placement);
  const { x, y, width, height } = placement;
  const ctx = doc.context;
  ctx.largestObjectNumber = Math.max(ctx.largestObjectNumber, tail.size - 1);
  const firstNew = ctx.largestObjectNumber + 1;
  const changed = new Set<PDFRef>();

  const stamp = await stampXObject(doc, appearancePdf);
  const appearance = ctx.register(
    ctx.stream('q /Stamp Do Q', {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, stamp.width, stamp.height],
      Matrix: [width / stamp.width, 0, 0, height / stamp.height, 0, 0],
      Resources: { XObject: { Stamp: stamp.ref } },
    }),
  );
  const sigRef = ctx.nextRef();
  const fieldCount = existingSignatureFields(doc);
  const widget = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: [x, y, x + width, y + height],
      V: sigRef,
      T: lib().PDFString.of(`Signature${fieldCount + 1}`),
      F: 132,
      P: page.ref,
      AP: { N: appearance },
    }),
  );

  // The page's annotations: an indirect array is rewritten as itself, a direct one with the page.
  const annots = page.node.get(lib().PDFName.of('Annots'));
  if (annots instanceof lib().PDFRef) {
    ctx.lookup(annots, lib().PDFArray).push(widget);
    changed.add(annots);
  } else {
    const list = annots instanceof lib().PDFArray ? annots : ctx.obj([]);
    list.push(widget);
    page.node.set(lib().PDFName.of('Annots'), list);
    changed.add(page.ref);
  }

  // The form: Fields gains the widget; SigFlags 3 = signatures exist, append only.
  const catalog = doc.catalog;
  const catalogRef = ctx.trailerInfo.Root as PDFRef;
  const acroRaw = catalog.get(lib().PDFName.of('AcroForm'));
  let acro: PDFDict;
  if (acroRaw instanceof lib().PDFRef) {
    acro = ctx.lookup(acroRaw, lib().PDFDict);
    changed.add(acroRaw);
  } else {
    acro = acroRaw instanceof lib().PDFDict ? acroRaw : ctx.obj({});
    catalog.set(lib().PDFName.of('AcroForm'), acro);
    changed.add(catalogRef);
  }
  const fieldsRaw = acro.get(lib().PDFName.of('Fields'));
  if (fieldsRaw instanceof lib().PDFRef) {
    ctx.lookup(fieldsRaw, lib().PDFArray).push(widget);
    changed.add(fieldsRaw);
  } else {
    const fields = fieldsRaw instanceof lib().PDFArray ? fieldsRaw : ctx.obj([]);
    fields.push(widget);
    acro.set(lib().PDFName.of('Fields'), fields);
  }
  acro.set(lib().PDFName.of('SigFlags'), lib().PDFNumber.of(3));

  const objects: [PDFRef, PDFObject][] = [];
  for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
    if (ref.objectNumber >= firstNew || changed.has(ref)) objects.push([ref, obj]);
  }
  return writeUpdate(original, tail, objects, sigRef, catalogRef, dict);
}

/**
 * The first page of the stamp PDF as a Form XObject of `doc`. pdf-lib's embedPage inflates the
 * page's content and deflates it again (in JavaScript); a stamp PDF has one content stream, so
 * its compressed bytes are copied as they are, with its resources.
 */
async function stampXObject(doc: PDFDocument, appearancePdf: Buffer): Promise<{ ref: PDFRef; width: number; height: number }> {
  const source = await lib().PDFDocument.load(appearancePdf, { updateMetadata: false });
  const page = source.getPage(0);
  const contents = page.node.Contents();
  const stream = contents instanceof lib().PDFArray && contents.size() === 1 ? contents.lookup(0) : contents;
  if (!(stream instanceof lib().PDFRawStream)) {
    const [embedded] = await doc.embedPdf(source, [0]);
    await embedded!.embed();
    return { ref: embedded!.ref, width: embedded!.width, height: embedded!.height };
  }
  const { x, y, width, height } = page.getMediaBox();
  const copier = lib().PDFObjectCopier.for(source.context, doc.context);
  const dict = doc.context.obj({ Type: 'XObject', Subtype: 'Form', BBox: [x, y, x + width, y + height] });
  const filter = stream.dict.get(lib().PDFName.of('Filter'));
  if (filter) dict.set(lib().PDFName.of('Filter'), copier.copy(filter));
  const resources = page.node.Resources();
  if (resources) dict.set(lib().PDFName.of('Resources'), copier.copy(resources));
  dict.set(lib().PDFName.of('Length'), lib().PDFNumber.of(stream.contents.length));
  return { ref: doc.context.register(lib().PDFRawStream.of(dict, stream.contents)), width, height };
}

/**
 * Reads the PDF and finds where the field goes; throws the coded error a user can act on when
 * the file is encrypted, damaged or truncated, or the field is not inside the page.
 */
export async function locateField(pdf: Buffer, placement: FieldPlacement) {
  const tail = checkStructure(pdf);
  const doc = await loadPdf(pdf);
  const pages = doc.getPages();
  assertInsidePage(
    pages.map((p) => p.getMediaBox()),
    placement,
  );
  return { tail, doc, page: pages[placement.page - 1]! };
}

export interface PageBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The pages' sizes of a PDF that can be signed (coded errors as for signing itself). */
export async function signablePages(pdf: Buffer): Promise<PageBox[]> {
  checkStructure(pdf);
  return (await loadPdf(pdf)).getPages().map((p) => p.getMediaBox());
}

export function assertInsidePage(pages: PageBox[], placement: FieldPlacement): void {
  const box = pages[placement.page - 1];
  if (!box) throw new AppError('signature_field_outside_page', `This PDF has ${pages.length} page(s); there is no page ${placement.page}.`);
  const { x, y, width, height } = placement;
  if (!(width > 0 && height > 0 && x >= box.x && y >= box.y && x + width <= box.x + box.width + 0.01 && y + height <= box.y + box.height + 0.01)) {
    throw new AppError(
      'signature_field_outside_page',
      `The signature stamp must lie inside page ${placement.page} (${Math.round(box.width)} × ${Math.round(box.height)} points).`,
      {
        errors: [{ path: '/body/placement', message: 'is outside the page' }],
      },
    );
  }
}

async function loadPdf(bytes: Buffer): Promise<PDFDocument> {
  pdfLib ??= await import('pdf-lib');
  try {
    return await pdfLib.PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (err) {
    if (err instanceof pdfLib.EncryptedPDFError)
      throw new AppError('pdf_encrypted', 'This PDF is encrypted or password-protected; remove the protection and try again.');
    throw new AppError('pdf_invalid', 'This file could not be read as a PDF.', undefined, { cause: err });
  }
}

function existingSignatureFields(doc: PDFDocument): number {
  const acro = doc.catalog.lookupMaybe(lib().PDFName.of('AcroForm'), lib().PDFDict);
  const fields = acro?.lookupMaybe(lib().PDFName.of('Fields'), lib().PDFArray);
  return fields?.size() ?? 0;
}

interface Tail {
  /** Offset of the last cross-reference section (its startxref). */
  startxref: number;
  kind: 'table' | 'stream';
  size: number;
  info?: string;
  id?: string;
}

/** The end of the file as a reader finds it: startxref, the section it points to, the trailer. */
export function checkStructure(pdf: Buffer): Tail {
  const invalid = (why: string) => new AppError('pdf_invalid', `This file is not a complete PDF: ${why}.`);
  if (pdf.subarray(0, 1024).indexOf('%PDF-') === -1) throw invalid('it does not start like a PDF');
  const end = pdf.subarray(Math.max(0, pdf.length - 1024)).toString('latin1');
  if (!/%%EOF\s*$/.test(end)) throw invalid('it is truncated (no end-of-file marker)');
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(end);
  if (!m) throw invalid('it has no cross-reference offset');
  const startxref = Number(m[1]);
  if (startxref >= pdf.length) throw invalid('its cross-reference offset points past its end');
  const head = pdf.subarray(startxref, startxref + 16).toString('latin1');
  const kind = head.startsWith('xref') ? 'table' : /^\d+\s+\d+\s+obj/.test(head) ? 'stream' : null;
  if (!kind) throw invalid('its cross-reference offset is wrong');
  const trailer = pdf.subarray(startxref).toString('latin1');
  if (/\/Encrypt\b/.test(trailer)) throw new AppError('pdf_encrypted', 'This PDF is encrypted or password-protected; remove the protection and try again.');
  const size = /\/Size\s+(\d+)/.exec(trailer);
  if (!size) throw invalid('its trailer has no /Size');
  const info = /\/Info\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
  const id = /\/ID\s*(\[\s*<[0-9A-Fa-f\s]*>\s*<[0-9A-Fa-f\s]*>\s*\])/.exec(trailer)?.[1];
  return { startxref, kind, size: Number(size[1]), ...(info ? { info } : {}), ...(id ? { id } : {}) };
}

function serialize(obj: PDFObject): Buffer {
  const buf = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(buf, 0);
  return Buffer.from(buf);
}

function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

/** A PDF text string: hex UTF-16BE with a byte-order mark, so any script survives. */
function textString(text: string): string {
  return lib().PDFHexString.fromText(text).toString();
}

function writeUpdate(
  original: Buffer,
  tail: Tail,
  objects: [PDFRef, PDFObject][],
  sigRef: PDFRef,
  catalogRef: PDFRef,
  dict: SignatureDictionary,
): PreparedSignature {
  const parts: Buffer[] = [original];
  let offset = original.length;
  const push = (b: Buffer) => {
    parts.push(b);
    offset += b.length;
  };
  if (original[original.length - 1] !== 0x0a) push(Buffer.from('\n'));
  const offsets = new Map<number, number>();

  for (const [ref, obj] of objects) {
    offsets.set(ref.objectNumber, offset);
    push(Buffer.concat([Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1'), serialize(obj), Buffer.from('\nendobj\n')]));
  }

  offsets.set(sigRef.objectNumber, offset);
  const placeholderRange = `[0 ${'0'.repeat(RANGE_WIDTH)} ${'0'.repeat(RANGE_WIDTH)} ${'0'.repeat(RANGE_WIDTH)}]`;
  const sigHead =
    `${sigRef.objectNumber} 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (${pdfDate(dict.signingTime)})` +
    ` /Name ${textString(dict.name)} /Reason ${textString(dict.reason)}${dict.location ? ` /Location ${textString(dict.location)}` : ''}` +
    ` /ByteRange ${placeholderRange} /Contents `;
  const rangeAt = offset + sigHead.lastIndexOf(placeholderRange);
  const contentsStart = offset + Buffer.byteLength(sigHead, 'latin1');
  push(Buffer.from(`${sigHead}<${'0'.repeat(CONTENTS_BYTES * 2)}> >>\nendobj\n`, 'latin1'));
  const contentsEnd = contentsStart + CONTENTS_BYTES * 2 + 2;

  const xrefAt = offset;
  const size = Math.max(tail.size, ...[...offsets.keys()].map((n) => n + 1));
  if (tail.kind === 'table') {
    const trailer = `trailer\n<< /Size ${size} /Root ${catalogRef.toString()}${tail.info ? ` /Info ${tail.info}` : ''}${tail.id ? ` /ID ${tail.id}` : ''} /Prev ${tail.startxref} >>\n`;
    push(Buffer.from(`${xrefTable(offsets)}${trailer}startxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  } else {
    const xrefNumber = size;
    offsets.set(xrefNumber, xrefAt);
    const numbers = [...offsets.keys()].sort((a, b) => a - b);
    const rows = numbers.map((n) => {
      const row = Buffer.alloc(7);
      row[0] = 1;
      row.writeUInt32BE(offsets.get(n)!, 1);
      return row;
    });
    const index = subsections(numbers)
      .map(([first, count]) => `${first} ${count}`)
      .join(' ');
    const data = Buffer.concat(rows);
    const head = `${xrefNumber} 0 obj\n<< /Type /XRef /Size ${xrefNumber + 1} /W [1 4 2] /Index [${index}] /Root ${catalogRef.toString()}${tail.info ? ` /Info ${tail.info}` : ''}${tail.id ? ` /ID ${tail.id}` : ''} /Prev ${tail.startxref} /Length ${data.length} >>\nstream\n`;
    push(Buffer.concat([Buffer.from(head, 'latin1'), data, Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1')]));
  }

  // One allocation for the whole file (a 1 MB copy made twice cost more than the signature).
  const pdf = Buffer.concat(parts, offset);
  const byteRange: [number, number, number, number] = [0, contentsStart, contentsEnd, pdf.length - contentsEnd];
  const range = `[0 ${byteRange
    .slice(1)
    .map((n) => String(n).padEnd(RANGE_WIDTH, ' '))
    .join(' ')}]`;
  pdf.write(range, rangeAt, 'latin1');
  return { pdf, byteRange };
}

function subsections(sorted: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else out.push([n, 1]);
  }
  return out;
}

function xrefTable(offsets: Map<number, number>): string {
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  let out = 'xref\n';
  for (const [first, count] of subsections(numbers)) {
    out += `${first} ${count}\n`;
    for (let n = first; n < first + count; n++) out += `${String(offsets.get(n)).padStart(10, '0')} 00000 n\r\n`;
  }
  return out;
}

/** Writes the CMS blob into the reserved /Contents of a prepared PDF (in place: the prepared file is ours). */
export function embedCms(prepared: PreparedSignature, cms: Buffer): Buffer {
  if (cms.length > CONTENTS_BYTES) throw new Error(`the signature (${cms.length} bytes) does not fit the ${CONTENTS_BYTES} reserved`);
  prepared.pdf.write(cms.toString('hex').toUpperCase(), prepared.byteRange[1] + 1, 'latin1');
  return prepared.pdf;
}

/** The bytes a signature covers: everything but the /Contents hex string. */
export function signedBytes(pdf: Buffer, range: readonly number[]): Buffer[] {
  const [a, b, c, d] = range as [number, number, number, number];
  return [pdf.subarray(a, a + b), pdf.subarray(c, c + d)];
}
