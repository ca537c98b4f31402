import { describe, expect, it } from 'vitest';
import { loadFont, type FontKey } from './fonts.js';

/**
 * Indic shaping is where PDF text goes wrong silently: a missing conjunct, a matra on the wrong
 * side, a reph that is not lifted. Expected glyph ids and positions below come from HarfBuzz
 * 6.0 (`hb-shape --no-clusters --no-glyph-names <font> <word>`), the shaper browsers use, on
 * the same font files; fontkit (inside PDFKit) must give exactly the same. Should a font package
 * update change glyph ids, regenerate them with hb-shape and look at the rendering again.
 */
const HARFBUZZ: Record<string, Record<string, string>> = {
  'deva-regular': {
    कक्षा: '56+768|90+717|31+259',
    अंकपत्र: '5+764|100+0|56+768|76+568|304+552',
    धर्म: '74+615|80+598|503+0',
    हिन्दी: '541+259|88+531|245+309|73+531|33+259',
    क्षत्रिय: '90+717|542+259|304+552|81+580',
    श्री: '317+708|33+259',
    द्वारा: '452+575|31+259|82+409|31+259',
    प्रमाणपत्र: '309+569|80+598|31+259|70+723|76+568|304+552',
    राष्ट्रीय: '82+409|31+259|464+584|505@-74,0+0|33+259|81+580',
    कृ: '56+768|36@-221,0+0',
    पुर्त्तगाल: '76+568|34+0|439+691|503+0|58+563|31+259|83+678',
    अर्द्ध: '5+764|445+799|503@-7,0+0',
    पूर्णांक: '76+568|35+0|70+723|31+259|507+0|56+768',
    कुँवर: '56+768|34@-221,0+0|101@-208,0+0|84+556|82+409',
    शर्मा: '85+680|80+598|31+259|503+0',
    केन्द्रीय: '56+768|40@-221,0+0|245+309|306+531|33+259|81+580',
    विद्यालय: '542+259|84+556|450+630|31+259|83+678|81+580',
    सैद्धान्तिक: '87+676|41+0|445+799|31+259|549+259|245+308|71+570|56+768',
    प्राप्तांक: '309+569|31+259|246+308|71+570|31+259|100+0|56+768',
    अंग्रेज़ी: '5+764|100+0|297+564|40+0|224+742|33+259',
    ह्म: '470+801',
    ट्ट: '428+489',
    ज्ञ: '91+641',
  },
  'deva-bold': {
    केन्द्रीय: '56+830|40@-236,0+0|245+328|306+562|33+294|81+635',
    बोर्ड: '78+619|42+294|68+570|503@-1,0+0',
    प्राप्तकर्ता: '309+615|31+294|246+329|71+620|56+830|71+620|31+294|503+0',
    कर्म: '56+830|80+652|503+0',
  },
  'gujr-regular': {
    ભાવેશકુમાર: '44+809|57+265|50+577|65+0|51+677|21+511|60@-57,0+0|45+594|57+265|47+445',
    જિજ્ઞેશ: '629+265|28+822|130+690|65+0|51+677',
    ગુજરાત: '463+654|60+0|28+822|47+445|57+265|36+572',
    બોર્ડ: '43+734|68+265|33+481|674@-88,0+0',
    પ્રમાણપત્ર: '224+568|45+594|57+265|35+821|41+568|219+582',
    ધર્મ: '39+606|45+594|131+0',
    કૃ: '21+511|62@-58,0+0',
    રૂ: '446+448',
    શ્રીમતી: '233+720|59+265|45+594|36+572|59+265',
    હૃદય: '447+576|38+467|46+594',
    સૂર્ય: '482+711|61+0|46+594|131+0',
    શિષ્યવૃત્તિ: '628+265|51+677|164+429|46+594|479+577|62+0|628+265|373+669',
    પૂર્વ: '472+568|61+0|50+577|131+0',
    વાર્ષિક: '50+577|57+265|639+265|52+578|649+0|21+511',
    '૩૮૦૦૧૩': '79+551|84+551|76+551|76+551|77+551|79+551',
    દ્ધ: '377+716',
    ક્ષ: '129+717',
  },
  'gujr-bold': {
    ભાવેશકુમાર: '44+860|57+292|50+618|65+0|51+742|21+541|60@-48,0+0|45+629|57+292|47+477',
    જિજ્ઞેશભાઈ: '629+292|28+889|130+750|65+0|51+742|44+860|57+292|10+674',
    પટેલ: '41+607|31+488|65@-12,0+0|48+701',
  },
  'latin-regular': {
    AVAT: '36+599|57+560|36+569|55+556',
    office: '82+605|1656+946|70+480|72+564',
  },
};

function fontkitShape(key: FontKey, word: string): string {
  const run = loadFont(key).layout(word);
  return run.glyphs
    .map((g, i) => {
      const p = run.positions[i]!;
      const offset = p.xOffset || p.yOffset ? `@${p.xOffset},${p.yOffset}` : '';
      return `${g.id}${offset}+${p.xAdvance}`;
    })
    .join('|');
}

describe('shaping of Devanagari and Gujarati by fontkit', () => {
  for (const [key, words] of Object.entries(HARFBUZZ)) {
    it(`matches HarfBuzz for ${key}`, () => {
      for (const [word, expected] of Object.entries(words)) expect({ word, glyphs: fontkitShape(key as FontKey, word) }).toEqual({ word, glyphs: expected });
    });
  }

  it('forms conjuncts, reph and pre-base matras (not one glyph per character)', () => {
    // क्षा: KA+VIRAMA+SSA+AA → the KSSA ligature and the AA sign.
    expect(loadFont('deva-regular').layout('क्षा').glyphs).toHaveLength(2);
    // र्म: the reph is a mark after MA, not a RA with a visible virama.
    const rm = loadFont('deva-regular').layout('र्म').glyphs;
    expect(rm).toHaveLength(2);
    expect(rm[1]!.codePoints).toEqual([0x0930, 0x094d]);
    // हि: the I sign is drawn before HA.
    expect(loadFont('deva-regular').layout('हि').glyphs[0]!.codePoints).toEqual([0x093f]);
    // જ્ઞ: one conjunct glyph in Gujarati.
    expect(loadFont('gujr-regular').layout('જ્ઞ').glyphs).toHaveLength(1);
  });
});
