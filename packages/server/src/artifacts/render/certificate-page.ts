import type { CertificateRenderInput } from './certificate-input.js';
import { LABELS, type RenderLabels, type RenderLanguage } from './labels.js';
import { drawGuilloche, drawSeal } from './ornaments.js';
import { qrMatrix, qrRuns } from './qr.js';
import type { TextStyle, Typesetter } from './typeset.js';

/** A4 in points, and where things go on it. */
export const PAGE = { width: 595.28, height: 841.89 };
export const LEFT = 34;
export const RIGHT = PAGE.width - 34;
export const CONTENT_WIDTH = RIGHT - LEFT;
export const BODY_PADDING = 12;
const QR_QUIET = 2;

/**
 * The QR code's side: 128 pt, or more for a dense code so that a module stays ≥ 1 pt (0.35 mm)
 * and a phone still reads a print; a ~1,500-character payload (version 31) takes 145 pt.
 */
export function qrSideFor(payload: string): number {
  return Math.min(180, Math.max(128, qrMatrix(payload).size + 2 * QR_QUIET));
}

/** Where the footer starts: it holds the QR code and its caption above the bottom line. */
export function footerTopFor(payload: string): number {
  return PAGE.height - 30 - (qrSideFor(payload) + 16);
}

export const COLORS = {
  navy: '#17365d',
  gold: '#a87b22',
  goldLight: '#d8b45a',
  ink: '#1b1b1b',
  muted: '#5c5c5c',
  paper: '#fffcf2',
  rule: '#cbbd98',
  shade: '#efe5c8',
  guilloche: '#efe6cc',
  status: { active: '#1e7b34', suspended: '#a35f00', revoked: '#b3261e', expired: '#7a3b12' },
} as const;

export interface RenderContext {
  doc: PDFKit.PDFDocument;
  ts: Typesetter;
  input: CertificateRenderInput;
  language: RenderLanguage;
  labels: RenderLabels;
  /** Where the next body block starts on the current page. */
  y: number;
  /** Top of the footer (from `footerTopFor`); the body box ends 8 pt above it. */
  footerTop: number;
}

/** The label in the document's language, and the English one beneath it when that differs. */
export function bilingual(ctx: RenderContext, pick: (l: RenderLabels) => string): [string, string | undefined] {
  const own = pick(ctx.labels);
  return ctx.language === 'en' ? [own, undefined] : [own, pick(LABELS.en)];
}

/** A pair of names (English, local script) in reading order for the document's language. */
export function namePair(ctx: RenderContext, english: string, local: string | undefined): [string, string | undefined] {
  if (!local || local === english) return [english, undefined];
  return ctx.language === 'en' ? [english, local] : [local, english];
}

/** Border, header and body box of a page; returns the y where body content starts. */
export function drawPageChrome(ctx: RenderContext, first: boolean): number {
  const { doc, ts, input } = ctx;
  doc
    .rect(14, 14, PAGE.width - 28, PAGE.height - 28)
    .lineWidth(2.4)
    .stroke(COLORS.navy);
  doc
    .rect(19.5, 19.5, PAGE.width - 39, PAGE.height - 39)
    .lineWidth(0.6)
    .stroke(COLORS.gold);
  for (const [x, y] of [
    [19.5, 19.5],
    [PAGE.width - 19.5, 19.5],
    [19.5, PAGE.height - 19.5],
    [PAGE.width - 19.5, PAGE.height - 19.5],
  ] as const) {
    doc.polygon([x, y - 4], [x + 4, y], [x, y + 4], [x - 4, y]).fill(COLORS.gold);
  }

  const bandTop = 30;
  const bandHeight = first ? 86 : 50;
  doc.rect(LEFT - 6, bandTop, CONTENT_WIDTH + 12, bandHeight).fill(COLORS.navy);
  doc.rect(LEFT - 6, bandTop + bandHeight, CONTENT_WIDTH + 12, 2.5).fill(COLORS.goldLight);
  const sealR = first ? 35 : 19;
  drawSeal(doc, LEFT + 6 + sealR, bandTop + bandHeight / 2, sealR, { rim: COLORS.goldLight, field: COLORS.navy });

  const textX = LEFT + 22 + 2 * sealR;
  const badgeW = first ? 78 : 0;
  const textW = RIGHT - 8 - textX - (badgeW ? badgeW + 12 : 0);
  if (first) {
    const bx = RIGHT - 6 - badgeW;
    const by = bandTop + (bandHeight - 42) / 2;
    doc.roundedRect(bx, by, badgeW, 42, 4).lineWidth(0.8).stroke(COLORS.goldLight);
    ts.block(ctx.labels.documentType, bx + 4, by + 5, badgeW - 8, { size: 7, color: '#c5d1e4' }, 'center', 1);
    ts.block(input.docType.code, bx + 4, by + 18, badgeW - 8, { size: 14, weight: 'bold', color: '#ffffff' }, 'center', 1);
  }
  const [issuerA, issuerB] = namePair(ctx, input.issuer.name, input.issuer.nameLocal);
  if (first) {
    const a: TextStyle = { size: 15.5, weight: 'bold', color: '#ffffff' };
    const b: TextStyle = { size: 13, color: '#f3e7c4' };
    const c: TextStyle = { size: 8.5, color: '#c5d1e4' };
    const linesA = ts.wrap(issuerA, textW, a).slice(0, 2);
    const linesB = issuerB ? ts.wrap(issuerB, textW, b).slice(0, 2) : [];
    const meta = [input.issuer.state, input.issuer.orgId].filter(Boolean).join('  ·  ');
    const height = ts.blockHeight(linesA.length, a) + (linesB.length ? 4 + ts.blockHeight(linesB.length, b) : 0) + 6 + ts.blockHeight(1, c);
    let y = bandTop + (bandHeight - height) / 2;
    y += ts.block(issuerA, textX, y, textW, a, 'left', 2);
    if (issuerB) y += 4 + ts.block(issuerB, textX, y + 4, textW, b, 'left', 2);
    ts.block(meta, textX, y + 6, textW, c, 'left', 1);
  } else {
    ts.block(issuerA, textX, bandTop + 9, textW, { size: 12, weight: 'bold', color: '#ffffff' }, 'left', 1);
    const [titleA] = namePair(ctx, input.docType.name, input.docType.nameLocal);
    ts.block(`${titleA} (${ctx.labels.continued})`, textX, bandTop + 27, textW, { size: 9.5, color: '#f3e7c4' }, 'left', 1);
  }

  let y = bandTop + bandHeight + 2.5 + 9;
  if (first) {
    const [titleA, titleB] = namePair(ctx, input.docType.name, input.docType.nameLocal);
    y += ts.block(titleA, LEFT, y, CONTENT_WIDTH, { size: 17, weight: 'bold', color: COLORS.navy }, 'center', 2);
    if (titleB) y += 3 + ts.block(titleB, LEFT, y + 3, CONTENT_WIDTH, { size: 13.5, weight: 'bold', color: COLORS.navy }, 'center', 2);
    y += 5;
    const mid = PAGE.width / 2;
    doc
      .moveTo(mid - 120, y)
      .lineTo(mid - 8, y)
      .moveTo(mid + 8, y)
      .lineTo(mid + 120, y)
      .lineWidth(0.8)
      .stroke(COLORS.gold);
    doc.polygon([mid, y - 4], [mid + 5, y], [mid, y + 4], [mid - 5, y]).fill(COLORS.gold);
    y += 7;
  }

  const bottom = ctx.footerTop - 8;
  doc.rect(LEFT, y, CONTENT_WIDTH, bottom - y).fill(COLORS.paper);
  drawGuilloche(doc, PAGE.width / 2, (y + bottom) / 2, Math.min(CONTENT_WIDTH, bottom - y) * 0.42, COLORS.guilloche);
  doc
    .rect(LEFT, y, CONTENT_WIDTH, bottom - y)
    .lineWidth(0.9)
    .stroke(COLORS.navy);
  return y + BODY_PADDING;
}

/** QR code, URI, verification code, signature statement and page number. */
export function drawFooter(ctx: RenderContext, page: number, pages: number): void {
  const { doc, ts, input, labels } = ctx;
  const top = ctx.footerTop;
  doc.moveTo(LEFT, top).lineTo(RIGHT, top).lineWidth(0.8).stroke(COLORS.gold);

  const qrSide = qrSideFor(input.qrPayload);
  drawQr(doc, input.qrPayload, LEFT, top + 4, qrSide);
  ts.block(labels.scanToVerify, LEFT, top + 2 + qrSide, qrSide, { size: 7.5, color: COLORS.muted }, 'center', 1);

  const x = LEFT + qrSide + 16;
  const w = RIGHT - x;
  let y = top + 8;
  y += label(ctx, (l) => l.documentUri, x, y, w);
  y += ts.block(input.uri, x, y, w, { size: 10.5, weight: 'bold', color: COLORS.navy }, 'left', 2) + 6;
  y += label(ctx, (l) => l.verificationCode, x, y, w);
  y += ts.block(input.verificationCode, x, y, w, { size: 15, weight: 'bold', color: COLORS.ink }, 'left', 1) + 8;

  const signed: TextStyle = { size: 8.5, color: COLORS.ink };
  const english = LABELS.en.signedBy(input.issuer.name, input.verifyUrl);
  const linkTop = y;
  y += ts.block(english, x, y, w, signed, 'left', 3);
  if (ctx.language !== 'en') y += 2 + ts.block(labels.signedBy(input.issuer.nameLocal ?? input.issuer.name, input.verifyUrl), x, y + 2, w, signed, 'left', 3);
  // The link opens the verify page with this document's signed token (as the QR code does), so
  // an uploaded copy of the PDF can be checked by the same token.
  const target = /^https?:\/\//i.test(input.qrPayload) ? input.qrPayload : input.verifyUrl;
  if (/^https?:\/\//i.test(target)) doc.link(x, linkTop, w, y - linkTop, target);
  ts.block(labels.notice, x, y + 5, w, { size: 7, color: COLORS.muted }, 'left', 3);

  const bottom = PAGE.height - 27;
  ts.draw(labels.page(page, pages), LEFT, bottom, { size: 7, color: COLORS.muted }, 'right', CONTENT_WIDTH);
  ts.draw(`${input.docType.code} · ${input.issuer.orgId}`, LEFT, bottom, { size: 7, color: COLORS.muted });
}

function label(ctx: RenderContext, pick: (l: RenderLabels) => string, x: number, y: number, w: number): number {
  const [a, b] = bilingual(ctx, pick);
  return ctx.ts.block(b ? `${a} / ${b}` : a, x, y, w, { size: 7.5, color: COLORS.muted }, 'left', 1);
}

/**
 * The QR code as vector rectangles, one per horizontal run of dark modules, in a coordinate
 * system of one unit per module (so a reader of the content stream sees the matrix itself).
 */
export function drawQr(doc: PDFKit.PDFDocument, payload: string, x: number, y: number, side: number): void {
  const matrix = qrMatrix(payload);
  const quiet = QR_QUIET;
  const unit = side / (matrix.size + 2 * quiet);
  doc.rect(x, y, side, side).fill('#ffffff');
  doc.save();
  doc.translate(x + quiet * unit, y + quiet * unit);
  doc.scale(unit);
  for (const [row, col, length] of qrRuns(matrix)) doc.rect(col, row, length, 1);
  doc.fill('#000000');
  doc.restore();
}

/** A diagonal stamp across the page for a document that is no longer active. */
export function drawWatermark(ctx: RenderContext): void {
  const { doc, ts, input } = ctx;
  if (input.status === 'active') return;
  const color = COLORS.status[input.status];
  const word = LABELS.en.statuses[input.status].toUpperCase();
  const local = ctx.language === 'en' ? undefined : ctx.labels.statuses[input.status];
  const cx = PAGE.width / 2;
  const cy = PAGE.height / 2 - 20;
  const big: TextStyle = { size: 78, weight: 'bold', color };
  const small: TextStyle = { size: 40, weight: 'bold', color };
  const width = Math.max(ts.width(word, big), local ? ts.width(local, small) : 0) + 50;
  const height = local ? 160 : 110;
  doc.save();
  doc.rotate(-38, { origin: [cx, cy] });
  doc.opacity(0.2);
  doc
    .roundedRect(cx - width / 2, cy - height / 2, width, height, 14)
    .lineWidth(6)
    .stroke(color);
  ts.draw(word, cx - width / 2, cy + (local ? -6 : 27), big, 'center', width);
  if (local) ts.draw(local, cx - width / 2, cy + 52, small, 'center', width);
  doc.restore();
}
