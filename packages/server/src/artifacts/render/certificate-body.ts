import { formatDate } from './certificate-input.js';
import { BODY_PADDING, bilingual, COLORS, CONTENT_WIDTH, LEFT, namePair, RIGHT, type RenderContext } from './certificate-page.js';
import type { RenderLabels } from './labels.js';
import type { TextStyle } from './typeset.js';

/**
 * The body of a rendered document, top to bottom: the holder, the particulars as a two-column
 * table, the optional table (marks per subject), the dates and status. Blocks that do not fit
 * move to a new page (`newPage`), and a table repeats its header row there.
 */

const X = LEFT + BODY_PADDING;
const W = CONTENT_WIDTH - 2 * BODY_PADDING;
const CELL_PAD = 3.5;
const MAX_VALUE_LINES = 12;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const labelStyle: TextStyle = { size: 9, weight: 'bold', color: '#333333' };
const labelSecondary: TextStyle = { size: 8, color: COLORS.muted };
const valueStyle: TextStyle = { size: 10.5, color: COLORS.ink };

export function drawBody(ctx: RenderContext, newPage: () => void): void {
  drawHolder(ctx);
  if (ctx.input.fields.length) {
    heading(ctx, (l) => l.details, newPage);
    drawFields(ctx, newPage);
  }
  if (ctx.input.table && ctx.input.table.columns.length) drawTable(ctx, ctx.input.table, newPage);
  drawDates(ctx, newPage);
}

/** The lowest y body content may reach: the body box ends 8 pt above the footer. */
function limit(ctx: RenderContext): number {
  return ctx.footerTop - 16;
}

function ensure(ctx: RenderContext, height: number, newPage: () => void): void {
  if (ctx.y + height > limit(ctx)) newPage();
}

/**
 * A label with its second-language form: on one line ("जन्म तिथि / Date of birth") when that
 * fits, else the second beneath the first in smaller type. Returns the height; draws only when
 * asked, so rows can be measured first. `stacked` forces two lines (to line up with neighbours).
 */
function stackedLabel(
  ctx: RenderContext,
  primary: string,
  secondary: string | undefined,
  x: number,
  y: number,
  w: number,
  draw = true,
  stacked = false,
): number {
  const { ts } = ctx;
  const inline = secondary ? `${primary} / ${secondary}` : primary;
  if (!stacked && ts.width(inline, labelStyle) <= w) {
    if (draw) ts.block(inline, x, y, w, labelStyle, 'left', 1);
    return ts.blockHeight(1, labelStyle);
  }
  const a = ts.wrap(primary, w, labelStyle);
  const b = secondary ? ts.wrap(secondary, w, labelSecondary) : [];
  if (draw) {
    ts.block(a.join('\n'), x, y, w, labelStyle);
    if (b.length) ts.block(b.join('\n'), x, y + ts.blockHeight(a.length, labelStyle) + 1, w, labelSecondary);
  }
  return ts.blockHeight(a.length, labelStyle) + (b.length ? 1 + ts.blockHeight(b.length, labelSecondary) : 0);
}

function drawHolder(ctx: RenderContext): void {
  const { doc, ts, input } = ctx;
  const photoW = 66;
  const photoH = 82;
  const hasPhoto = input.holder.photoPng !== undefined;
  const textW = W - (hasPhoto ? photoW + 16 : 0);
  const top = ctx.y;
  let y = top;
  const [a, b] = bilingual(ctx, (l) => l.issuedTo);
  y += stackedLabel(ctx, a, b, X, y, textW) + 3;
  const [nameA, nameB] = namePair(ctx, input.holder.name, input.holder.nameLocal);
  y += ts.block(nameA, X, y, textW, { size: 17, weight: 'bold', color: COLORS.navy }, 'left', 2);
  if (nameB) y += 2 + ts.block(nameB, X, y + 2, textW, { size: 15, weight: 'bold', color: COLORS.navy }, 'left', 2);
  if (input.holder.dob) {
    y += 5;
    const [d1, d2] = bilingual(ctx, (l) => l.dateOfBirth);
    const lbl = d2 ? `${d1} / ${d2}` : d1;
    y += ts.block(`${lbl}:  ${formatDate(input.holder.dob)}`, X, y, textW, { size: 10, color: COLORS.ink }, 'left', 2);
  }
  if (hasPhoto) {
    const px = RIGHT - BODY_PADDING - photoW;
    doc.rect(px - 3, top - 3, photoW + 6, photoH + 6).fill('#ffffff');
    doc
      .rect(px - 3, top - 3, photoW + 6, photoH + 6)
      .lineWidth(0.6)
      .stroke(COLORS.rule);
    if (!drawPhoto(doc, input.holder.photoPng!, px, top, photoW, photoH)) {
      ts.block(ctx.labels.photo, px, top + photoH / 2 - 8, photoW, { size: 8, color: COLORS.muted }, 'center', 1);
    }
    y = Math.max(y, top + photoH + 3);
  }
  ctx.y = y + 10;
}

/** Draws a PNG or JPEG photo; false (and nothing drawn) when it is neither or does not decode. */
function drawPhoto(doc: PDFKit.PDFDocument, photo: Uint8Array, x: number, y: number, w: number, h: number): boolean {
  const image = Buffer.isBuffer(photo) ? photo : Buffer.from(photo.buffer, photo.byteOffset, photo.byteLength);
  const png = image.subarray(0, 8).equals(PNG_SIGNATURE);
  const jpeg = image[0] === 0xff && image[1] === 0xd8;
  if (!png && !jpeg) return false;
  try {
    doc.image(image, x, y, { fit: [w, h], align: 'center', valign: 'center' });
    return true;
  } catch {
    return false;
  }
}

function heading(ctx: RenderContext, pick: (l: RenderLabels) => string, newPage: () => void): void {
  const [a, b] = bilingual(ctx, pick);
  const style: TextStyle = { size: 10.5, weight: 'bold', color: COLORS.navy };
  ensure(ctx, 60, newPage);
  const h = ctx.ts.block(b ? `${a} / ${b}` : a, X, ctx.y, W, style, 'left', 1);
  ctx.doc
    .moveTo(X, ctx.y + h + 2)
    .lineTo(X + W, ctx.y + h + 2)
    .lineWidth(0.8)
    .stroke(COLORS.gold);
  ctx.y += h + 6;
}

function drawFields(ctx: RenderContext, newPage: () => void): void {
  const { doc, ts, input } = ctx;
  const labelW = Math.round(W * 0.36);
  const valueW = W - labelW;
  input.fields.forEach((field, i) => {
    const [primary, secondary] = ctx.language !== 'en' && field.labelLocal ? [field.labelLocal, field.label] : [field.label, field.labelLocal];
    const labelH = stackedLabel(ctx, primary, secondary, 0, 0, labelW - 2 * CELL_PAD, false);
    const lines = Math.min(ts.wrap(field.value, valueW - 2 * CELL_PAD, valueStyle).length, MAX_VALUE_LINES);
    const rowH = Math.max(labelH + valueStyle.size - labelStyle.size, ts.blockHeight(lines, valueStyle)) + 2 * CELL_PAD;
    ensure(ctx, rowH, newPage);
    const y = ctx.y;
    if (i % 2 === 0) doc.save().fillOpacity(0.55).rect(X, y, W, rowH).fill(COLORS.shade).restore();
    doc
      .moveTo(X, y + rowH)
      .lineTo(X + W, y + rowH)
      .moveTo(X + labelW, y)
      .lineTo(X + labelW, y + rowH)
      .lineWidth(0.5)
      .stroke(COLORS.rule);
    stackedLabel(ctx, primary, secondary, X + CELL_PAD, y + CELL_PAD + valueStyle.size - labelStyle.size, labelW - 2 * CELL_PAD);
    ts.block(field.value, X + labelW + CELL_PAD, y + CELL_PAD, valueW - 2 * CELL_PAD, valueStyle, 'left', MAX_VALUE_LINES);
    ctx.y += rowH;
  });
  ctx.y += 8;
}

function drawTable(ctx: RenderContext, table: { columns: string[]; rows: string[][] }, newPage: () => void): void {
  const { doc, ts } = ctx;
  const n = table.columns.length;
  const headStyle: TextStyle = { size: 9, weight: 'bold', color: COLORS.navy };
  const cellStyle: TextStyle = { size: 9.5, color: COLORS.ink };
  const widths = columnWidths(ctx, table, headStyle, cellStyle);
  const xs = widths.map((_, i) => X + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const align = (i: number) => (i === 0 ? 'left' : 'center');

  const rowHeight = (cells: string[], style: TextStyle) =>
    Math.max(...cells.map((c, i) => ts.blockHeight(Math.min(ts.wrap(c, widths[i]! - 2 * CELL_PAD, style).length, 4), style))) + 2 * CELL_PAD;
  const drawRow = (cells: string[], style: TextStyle, fill: string | null, height: number) => {
    const y = ctx.y;
    if (fill) doc.rect(X, y, W, height).fill(fill);
    cells.forEach((c, i) => ts.block(c, xs[i]! + CELL_PAD, y + CELL_PAD, widths[i]! - 2 * CELL_PAD, style, align(i), 4));
    doc.rect(X, y, W, height).lineWidth(0.5).stroke(COLORS.rule);
    for (let i = 1; i < n; i++)
      doc
        .moveTo(xs[i]!, y)
        .lineTo(xs[i]!, y + height)
        .stroke(COLORS.rule);
    ctx.y += height;
  };

  const headH = rowHeight(table.columns, headStyle);
  const header = () => drawRow(table.columns, headStyle, '#e4e9f1', headH);
  ensure(ctx, headH + rowHeight(pad(table.rows[0] ?? [], n), cellStyle), newPage);
  header();
  table.rows.forEach((raw, r) => {
    const cells = pad(raw, n);
    const h = rowHeight(cells, cellStyle);
    if (ctx.y + h > limit(ctx)) {
      newPage();
      header();
    }
    drawRow(cells, cellStyle, r % 2 === 1 ? '#f8f4e8' : '#ffffff', h);
  });
  ctx.y += 8;
}

function pad(cells: string[], n: number): string[] {
  return Array.from({ length: n }, (_, i) => cells[i] ?? '');
}

/** Natural widths (longest cell), the first column taking what is left; shrunk to fit. */
function columnWidths(ctx: RenderContext, table: { columns: string[]; rows: string[][] }, head: TextStyle, cell: TextStyle): number[] {
  const n = table.columns.length;
  const natural = table.columns.map((c, i) => {
    let w = Math.max(ctx.ts.width(c, head), 40);
    for (const row of table.rows) w = Math.max(w, ctx.ts.width(row[i] ?? '', cell));
    return Math.min(w + 2 * CELL_PAD + 2, i === 0 ? W : W * 0.3);
  });
  if (n === 1) return [W];
  const rest = natural.slice(1).reduce((s, w) => s + w, 0);
  const first = Math.max(W - rest, W * 0.3);
  const widths = [first, ...natural.slice(1)];
  const total = widths.reduce((s, w) => s + w, 0);
  if (total <= W) return widths;
  return widths.map((w) => (w * W) / total);
}

function drawDates(ctx: RenderContext, newPage: () => void): void {
  const { doc, ts, input, labels } = ctx;
  const cells: Array<{ pick: (l: RenderLabels) => string; value: string; color?: string }> = [
    { pick: (l) => l.dateOfIssue, value: formatDate(input.issuedOn) },
  ];
  if (input.validFrom) cells.push({ pick: (l) => l.validFrom, value: formatDate(input.validFrom) });
  if (input.validTo) cells.push({ pick: (l) => l.validUntil, value: formatDate(input.validTo) });
  cells.push({ pick: (l) => l.status, value: labels.statuses[input.status], color: COLORS.status[input.status] });
  const pad = 6;
  const cw = W / cells.length;
  const inner = cw - 2 * pad;
  const value: TextStyle = { size: 11.5, weight: 'bold', color: COLORS.ink };
  const pairs = cells.map((c) => bilingual(ctx, c.pick));
  const stacked = pairs.some(([a, b]) => ts.width(b ? `${a} / ${b}` : a, labelStyle) > inner);
  const labelH = Math.max(...pairs.map(([a, b]) => stackedLabel(ctx, a, b, 0, 0, inner, false, stacked)));
  const h = labelH + 3 + ts.blockHeight(1, value) + 2 * pad;
  ensure(ctx, h, newPage);
  const y = ctx.y;
  doc.rect(X, y, W, h).fill('#ffffff');
  cells.forEach((c, i) => {
    const x = X + i * cw;
    const [a, b] = pairs[i]!;
    stackedLabel(ctx, a, b, x + pad, y + pad, inner, true, stacked);
    ts.block(c.value, x + pad, y + pad + labelH + 3, inner, { ...value, color: c.color ?? value.color }, 'left', 1);
    if (i > 0)
      doc
        .moveTo(x, y)
        .lineTo(x, y + h)
        .lineWidth(0.5)
        .stroke(COLORS.rule);
  });
  doc.rect(X, y, W, h).lineWidth(0.8).stroke(COLORS.navy);
  ctx.y = y + h + 10;
}
