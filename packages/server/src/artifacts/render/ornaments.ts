/**
 * Vector ornaments of a rendered document: a generic circular seal for the header and a
 * guilloche rosette for the body, as on security paper. Deliberately not the State Emblem of
 * India (its use is restricted by the State Emblem of India (Prohibition of Improper Use) Act,
 * 2005) nor any other national symbol: a serrated rim, rings of beads and a twelve-petal rose.
 */

export interface SealColors {
  rim: string;
  field: string;
}

export function drawSeal(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number, colors: SealColors): void {
  doc.save();
  const teeth = 40;
  const rim: Array<[number, number]> = [];
  for (let i = 0; i < teeth * 2; i++) {
    const a = (i * Math.PI) / teeth;
    const rr = i % 2 === 0 ? r : r * 0.93;
    rim.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  doc.polygon(...rim).fill(colors.rim);
  doc.circle(cx, cy, r * 0.86).fill(colors.field);
  doc
    .circle(cx, cy, r * 0.8)
    .lineWidth(r * 0.02)
    .stroke(colors.rim);
  const beads = 30;
  for (let i = 0; i < beads; i++) {
    const a = (2 * Math.PI * i) / beads;
    doc.circle(cx + r * 0.71 * Math.cos(a), cy + r * 0.71 * Math.sin(a), r * 0.032);
  }
  doc.fill(colors.rim);
  doc
    .circle(cx, cy, r * 0.62)
    .lineWidth(r * 0.015)
    .stroke(colors.rim);
  doc.lineWidth(r * 0.014);
  for (let i = 0; i < 12; i++) {
    doc.save();
    doc.rotate(i * 30, { origin: [cx, cy] });
    doc.ellipse(cx + r * 0.3, cy, r * 0.28, r * 0.085).stroke(colors.rim);
    doc.restore();
  }
  for (let i = 0; i < 12; i++) {
    doc.save();
    doc.rotate(i * 30 + 15, { origin: [cx, cy] });
    doc.ellipse(cx + r * 0.2, cy, r * 0.17, r * 0.06).fill(colors.rim);
    doc.restore();
  }
  doc.circle(cx, cy, r * 0.1).fill(colors.field);
  doc.circle(cx, cy, r * 0.06).fill(colors.rim);
  doc.restore();
}

/** A spirograph rosette (two phase-shifted hypotrochoids), drawn with hairlines. */
export function drawGuilloche(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number, color: string): void {
  doc.save();
  doc.lineWidth(0.35).strokeColor(color);
  const lobes = 18;
  const steps = 540;
  for (const phase of [0, Math.PI / lobes]) {
    for (let i = 0; i <= steps; i++) {
      const t = (2 * Math.PI * i) / steps;
      const x = cx + r * (0.68 * Math.cos(t) + 0.32 * Math.cos(lobes * t + phase));
      const y = cy + r * (0.68 * Math.sin(t) - 0.32 * Math.sin(lobes * t + phase));
      if (i === 0) doc.moveTo(x, y);
      else doc.lineTo(x, y);
    }
    doc.stroke();
  }
  doc.circle(cx, cy, r * 0.36).stroke();
  doc.circle(cx, cy, r * 1.0).stroke();
  doc.restore();
}
