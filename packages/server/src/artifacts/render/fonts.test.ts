import { describe, expect, it } from 'vitest';
import { FONT_KEYS, fontForPdf, loadFont, splitByScript } from './fonts.js';

describe('splitByScript', () => {
  it('keeps a one-script string whole, digits and punctuation included', () => {
    expect(splitByScript('केन्द्रीय विद्यालय क्रमांक 2, दिल्ली')).toEqual([{ script: 'deva', text: 'केन्द्रीय विद्यालय क्रमांक 2, दिल्ली' }]);
    expect(splitByScript('૧૨, શ્રીજી સોસાયટી')).toEqual([{ script: 'gujr', text: '૧૨, શ્રીજી સોસાયટી' }]);
    expect(splitByScript('GJ06 20110012345')).toEqual([{ script: 'latin', text: 'GJ06 20110012345' }]);
  });

  it('splits mixed text at script changes; leading neutrals join the first letter', () => {
    expect(splitByScript('कक्षा XII अंकपत्र')).toEqual([
      { script: 'deva', text: 'कक्षा ' },
      { script: 'latin', text: 'XII ' },
      { script: 'deva', text: 'अंकपत्र' },
    ]);
    expect(splitByScript('₹ 2,40,000 (બે લાખ) Rs')).toEqual([
      { script: 'gujr', text: '₹ 2,40,000 (બે લાખ) ' },
      { script: 'latin', text: 'Rs' },
    ]);
    expect(splitByScript('12-05-2014')).toEqual([{ script: 'latin', text: '12-05-2014' }]);
    expect(splitByScript('')).toEqual([]);
  });

  it('tells the scripts of Bengali, Tamil, Telugu and Kannada apart', () => {
    expect(splitByScript('অর্পিতা মণ্ডল')).toEqual([{ script: 'beng', text: 'অর্পিতা মণ্ডল' }]);
    expect(splitByScript('சென்னை - 600004')).toEqual([{ script: 'taml', text: 'சென்னை - 600004' }]);
    expect(splitByScript('తెలుగు ಕನ್ನಡ')).toEqual([
      { script: 'telu', text: 'తెలుగు ' },
      { script: 'knda', text: 'ಕನ್ನಡ' },
    ]);
    expect(splitByScript('Mandya ಮಂಡ್ಯ')).toEqual([
      { script: 'latin', text: 'Mandya ' },
      { script: 'knda', text: 'ಮಂಡ್ಯ' },
    ]);
  });

  it('keeps ZWJ/ZWNJ and the danda inside the Indic run around them', () => {
    expect(splitByScript('क्‍ष। ख')).toEqual([{ script: 'deva', text: 'क्‍ष। ख' }]);
    expect(splitByScript('ક્‌ષ')).toEqual([{ script: 'gujr', text: 'ક્‌ષ' }]);
  });
});

describe('fonts', () => {
  it('loads the regular and bold face of every script once, from the installed packages', () => {
    expect(FONT_KEYS).toHaveLength(14);
    for (const key of FONT_KEYS) {
      expect(loadFont(key)).toBe(loadFont(key));
      expect(loadFont(key).postscriptName).toMatch(/^NotoSans(Devanagari|Bengali|Gujarati|Tamil|Telugu|Kannada)?-(Regular|Bold)$/);
    }
  });

  it('shapes Telugu words whose marks have no anchor on their base (fontkit would throw)', () => {
    for (const word of ['ప్రభుత్వం', 'తండ్రి', 'శ్రీనివాస్']) {
      const run = loadFont('telu-regular').layout(word);
      expect(run.glyphs.length).toBeGreaterThan(0);
      expect(run.glyphs.every((g) => g.id !== 0)).toBe(true); // no .notdef
    }
  });

  it('shapes through the cache exactly as without it, with positions PDFKit may scale in place', () => {
    const cached = fontForPdf('deva-regular');
    const first = cached.layout('प्राप्तांक');
    first.positions[0]!.xAdvance *= 10;
    const second = cached.layout('प्राप्तांक');
    const direct = loadFont('deva-regular').layout('प्राप्तांक');
    expect(second.glyphs.map((g) => g.id)).toEqual(direct.glyphs.map((g) => g.id));
    expect(second.positions.map((p) => p.xAdvance)).toEqual(direct.positions.map((p) => p.xAdvance));
    expect(second.advanceWidth).toBe(direct.advanceWidth);
    expect(cached.unitsPerEm).toBe(1000);
  });
});
