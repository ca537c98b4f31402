import { fontForPdf, splitByScript, type FontKey, type Weight } from './fonts.js';

/**
 * Text on a PDFKit page in any mix of Latin, Devanagari and Gujarati: every run of one script
 * is set in the font made for it (so fontkit applies that script's shaping: conjuncts,
 * matras, reph), lines wrap at spaces, and every y is a baseline, so runs in different fonts
 * sit on one line.
 */

export interface TextStyle {
  size: number;
  weight?: Weight;
  color?: string;
}

export type Align = 'left' | 'center' | 'right';

export class Typesetter {
  private readonly registered = new Set<FontKey>();
  private actualText: string | null = null;

  /**
   * Shaped Indic glyphs stand in visual order (the I sign before its consonant, the reph after
   * it), so text copied or searched through their ToUnicode map reads garbled. Each Indic run is
   * therefore wrapped in a marked-content span whose /ActualText is the text as typed. The span
   * must open and close inside the text's own graphics state (PDFKit wraps every fragment in
   * q … Q; poppler places ActualText with the transformation current at EMC), so it is written
   * around PDFKit's BT … ET by watching the content it adds.
   */
  constructor(private readonly doc: PDFKit.PDFDocument) {
    const addContent = doc.addContent.bind(doc);
    doc.addContent = (data: string) => {
      if (this.actualText !== null && data === 'BT') addContent(`/Span <</ActualText <${utf16be(this.actualText)}>>> BDC`);
      addContent(data);
      if (this.actualText !== null && data === 'ET') addContent('EMC');
      return doc;
    };
  }

  /** Registers a font with this document on first use, so unused fonts are not embedded. */
  private select(key: FontKey, size: number): void {
    if (!this.registered.has(key)) {
      // PDFKit accepts a parsed fontkit font (it checks for `layout`); its types only list files and buffers.
      this.doc.registerFont(key, fontForPdf(key) as unknown as Buffer);
      this.registered.add(key);
    }
    this.doc.font(key).fontSize(size);
  }

  width(text: string, style: TextStyle): number {
    let width = 0;
    for (const run of splitByScript(text)) {
      this.select(`${run.script}-${style.weight ?? 'regular'}`, style.size);
      width += this.doc.widthOfString(run.text);
    }
    return width;
  }

  /** Line spacing for a style: Devanagari and Gujarati need room above and below for matras. */
  lineHeight(style: TextStyle): number {
    return style.size * 1.45;
  }

  /** Greedy line breaking at spaces; a word longer than the line is broken between characters. */
  wrap(text: string, maxWidth: number, style: TextStyle): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
        const candidate = line ? `${line} ${word}` : word;
        if (this.width(candidate, style) <= maxWidth) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = word;
        while (this.width(line, style) > maxWidth) {
          const [head, tail] = this.breakWord(line, maxWidth, style);
          lines.push(head);
          line = tail;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  /** The longest prefix (in grapheme clusters) that fits, and the rest; at least one cluster. */
  private breakWord(word: string, maxWidth: number, style: TextStyle): [string, string] {
    const clusters = Array.from(graphemes.segment(word), (s) => s.segment);
    let head = clusters[0] ?? '';
    let i = 1;
    for (; i < clusters.length; i++) {
      const next = head + clusters[i];
      if (this.width(next, style) > maxWidth) break;
      head = next;
    }
    return [head, clusters.slice(i).join('')];
  }

  /** Draws one line with its baseline at y; returns its width. */
  draw(text: string, x: number, y: number, style: TextStyle, align: Align = 'left', boxWidth = 0): number {
    const runs = splitByScript(text);
    const weight = style.weight ?? 'regular';
    const total = align === 'left' ? 0 : this.width(text, style);
    let cursor = align === 'center' ? x + (boxWidth - total) / 2 : align === 'right' ? x + boxWidth - total : x;
    this.doc.fillColor(style.color ?? '#000000');
    for (const run of runs) {
      this.select(`${run.script}-${weight}`, style.size);
      this.actualText = run.script === 'latin' ? null : run.text;
      this.doc.text(run.text, cursor, y, { lineBreak: false, baseline: 'alphabetic' });
      this.actualText = null;
      cursor += this.doc.widthOfString(run.text);
    }
    return align === 'left' ? cursor - x : total;
  }

  /**
   * Wraps text into a box and draws it, the first baseline `size` below top; returns the height
   * used. `maxLines` cuts the text with an ellipsis rather than overflowing the box.
   */
  block(text: string, x: number, top: number, width: number, style: TextStyle, align: Align = 'left', maxLines = Infinity): number {
    let lines = this.wrap(text, width, style);
    if (lines.length > maxLines) {
      lines = lines.slice(0, maxLines);
      lines[maxLines - 1] = this.ellipsize(lines[maxLines - 1]!, width, style);
    }
    const lh = this.lineHeight(style);
    lines.forEach((line, i) => this.draw(line, x, top + style.size + i * lh, style, align, width));
    return this.blockHeight(lines.length, style);
  }

  /** The height `block` uses for a number of lines. */
  blockHeight(lines: number, style: TextStyle): number {
    return style.size * 1.3 + (lines - 1) * this.lineHeight(style);
  }

  private ellipsize(line: string, width: number, style: TextStyle): string {
    let clusters = Array.from(graphemes.segment(line), (s) => s.segment);
    while (clusters.length > 1 && this.width(`${clusters.join('')}…`, style) > width) clusters = clusters.slice(0, -1);
    return `${clusters.join('')}…`;
  }
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** A PDF text string as hex: byte-order mark and UTF-16BE code units. */
function utf16be(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return hex;
}
