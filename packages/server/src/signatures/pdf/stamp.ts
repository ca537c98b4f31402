import type { TextStyle } from '../../artifacts/render/typeset.js';

export interface StampText {
  /** Lines in the order printed: the resident's script first, then English. */
  lines: string[];
  width: number;
  height: number;
}

/**
 * The visible part of a signature: a one-page PDF the size of the stamp, drawn with the same
 * fonts and shaping as issued documents (Devanagari and Gujarati conjuncts come out right),
 * which the signing engine places as the widget's appearance. Long lines shrink to fit.
 */
export async function renderStampPdf(stamp: StampText): Promise<Buffer> {
  // PDFKit and the typesetter (fontkit, the fonts) load with the first stamp, not at start-up.
  const [{ default: PDFDocument }, { Typesetter }] = await Promise.all([import('pdfkit'), import('../../artifacts/render/typeset.js')]);
  const doc = new PDFDocument({
    size: [stamp.width, stamp.height],
    margin: 0,
    autoFirstPage: true,
    font: null as unknown as string,
    info: { Producer: 'Tijori', Creator: 'Tijori' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const ts = new Typesetter(doc);
  doc
    .roundedRect(1, 1, stamp.width - 2, stamp.height - 2, 4)
    .lineWidth(1)
    .fillAndStroke('#f3f7ff', '#1f3a68');
  const pad = 6;
  const inner = stamp.width - 2 * pad;
  const slot = (stamp.height - 2 * pad) / Math.max(stamp.lines.length, 1);
  stamp.lines.forEach((line, i) => {
    let style: TextStyle = { size: Math.min(9, slot / 1.6), color: '#1f3a68', weight: i === 0 ? 'bold' : 'regular' };
    const w = ts.width(line, style);
    if (w > inner) style = { ...style, size: Math.max(4, (style.size * inner) / w) };
    ts.draw(line, pad, pad + slot * i + slot / 2 + style.size / 3, style, 'left');
  });
  doc.end();
  return done;
}
