import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../lib/errors.js';
import { parseXml, REQUEST_XML_LIMITS, BULK_XML_LIMITS } from './safe-xml.js';
import { attr, childElements, element, ownText, serializeXml, type XmlElement } from './xml-tree.js';
import { expectBadRequest, timed } from './test-support.js';

/** Parsing must either succeed or fail with AppError('bad_request'); anything else is a bug. */
function parseOrAppError(input: string | Uint8Array, limits = {}): XmlElement | AppError {
  try {
    return parseXml(input, limits);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'bad_request') throw err;
    return err;
  }
}

describe('parseXml: the tree', () => {
  it('keeps element order, attributes in order, prefixes, namespaces and text', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<ns2:R xmlns:ns2="http://tempuri.org/" b="2" a="1"><x>one</x><y/><x>t&amp;w&lt;o<![CDATA[<raw>]]></x><!-- c --><?pi x?></ns2:R>',
    );
    expect(root.name).toBe('ns2:R');
    expect(root.localName).toBe('R');
    expect(root.prefix).toBe('ns2');
    expect(root.namespace).toBe('http://tempuri.org/');
    expect(root.attributes.map((a) => a.name)).toEqual(['xmlns:ns2', 'b', 'a']);
    expect(attr(root, 'a')).toBe('1');
    expect(childElements(root).map((e) => e.name)).toEqual(['x', 'y', 'x']);
    expect(ownText(childElements(root)[2]!)).toBe('t&w<o<raw>');
  });

  it('accepts bytes with a UTF-8 BOM and normalises line endings', () => {
    const root = parseXml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>x\r\ny</a>')]));
    expect(ownText(root)).toBe('x\ny');
  });

  it('refuses other encodings and invalid UTF-8', () => {
    expectBadRequest(() => parseXml(Buffer.from('\ufeff<a/>', 'utf16le')));
    expectBadRequest(() => parseXml(Buffer.from([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e])));
    expectBadRequest(() => parseXml('<?xml version="1.0" encoding="ISO-8859-1"?><a/>'));
  });

  it('refuses what is not well-formed, without quoting it', () => {
    for (const bad of [
      '',
      'plain text',
      '<a>',
      '<a></b>',
      '<a/><b/>',
      '<a x="1" x="2"/>',
      '<a>&undefined;</a>',
      '<p:a/>',
      '<a b=c/>',
      '<a>&#0;</a>',
      '<a>\u0001</a>',
      '<a x="&#xFFFE;"/>',
    ]) {
      const e = expectBadRequest(() => parseXml(bad));
      expect(e.message).toMatch(/XML/);
      if (bad.length > 3) expect(e.message).not.toContain(bad);
    }
  });
});

describe('parseXml: hostile input (attack cases 18, 19)', () => {
  const noLeak = (e: AppError) => {
    expect(e.message).not.toMatch(/passwd|root:|evil/);
    expect(JSON.stringify(e.details ?? {})).not.toMatch(/passwd|root:|evil/);
  };

  it('XXE: an external entity to file:///etc/passwd', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>';
    const e = expectBadRequest(() => parseXml(xxe));
    expect(e.message).toMatch(/DTD/);
    noLeak(e);
  });

  it('billion laughs', () => {
    const lol = [
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']><lolz>&lol9;</lolz>',
    ].join('');
    let e: AppError | undefined;
    const ms = timed(() => (e = expectBadRequest(() => parseXml(lol))));
    expect(e?.message).toMatch(/DTD/);
    expect(ms).toBeLessThan(1000);
  });

  it('an external DTD, a parameter entity, a bare ENTITY, lower-case doctype', () => {
    for (const x of [
      '<!DOCTYPE foo SYSTEM "http://evil.test/x.dtd"><foo/>',
      '<!DOCTYPE foo PUBLIC "-//X//Y" "http://evil.test/x.dtd"><foo/>',
      '<!DOCTYPE foo [<!ENTITY % pe SYSTEM "http://evil.test/pe.dtd"> %pe;]><foo/>',
      '<foo><!ENTITY x "y"></foo>',
      '<!doctype foo><foo/>',
      '<foo/><!DOCTYPE foo>',
    ]) {
      noLeak(expectBadRequest(() => parseXml(x)));
    }
  });

  it('a huge attribute', () => {
    const e = expectBadRequest(() => parseXml(`<a x="${'A'.repeat(900_000)}"/>`));
    expect(e.message).toMatch(/attribute value is longer/);
    expectBadRequest(() => parseXml(`<a x="${'A'.repeat(2_000_000)}"/>`)); // over the size limit
  });

  it('100k-deep nesting: a clean 400 in well under a second, with the default and with raised limits', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    let e: AppError | undefined;
    let ms = timed(() => (e = expectBadRequest(() => parseXml(deep))));
    expect(ms).toBeLessThan(1000);
    // Even when the element cap is raised, the depth cap stops it during the pre-scan.
    ms = timed(() => (e = expectBadRequest(() => parseXml(deep, { maxElements: 1_000_000, maxBytes: 2_000_000 }))));
    expect(e?.message).toMatch(/nests elements more than 32 deep/);
    expect(ms).toBeLessThan(1000);
  });

  it('depth 32 passes and 33 fails; self-closing leaves do not count as open', () => {
    const at = (n: number) => '<a>'.repeat(n - 1) + '<b/>' + '</a>'.repeat(n - 1);
    expect(() => parseXml(at(32))).not.toThrow();
    expectBadRequest(() => parseXml(at(33)));
  });

  it('too many elements, too many attributes, too large', () => {
    expectBadRequest(() => parseXml(`<a>${'<b/>'.repeat(10_001)}</a>`));
    expectBadRequest(() => parseXml(`<a ${Array.from({ length: 65 }, (_, i) => `a${i}="1"`).join(' ')}/>`));
    expectBadRequest(() => parseXml(`<a>${'x'.repeat(REQUEST_XML_LIMITS.maxBytes)}</a>`));
    expect(() => parseXml(`<a>${'x'.repeat(REQUEST_XML_LIMITS.maxBytes)}</a>`, BULK_XML_LIMITS)).not.toThrow();
  });

  it('`>` and `<!DOCTYPE`-looking text inside attribute values, comments and CDATA do not confuse the pre-scan', () => {
    const root = parseXml('<a x="1>2" y=\'a"b\'><!-- <b> --><![CDATA[<c><d>]]></a>');
    expect(attr(root, 'x')).toBe('1>2');
    expect(attr(root, 'y')).toBe('a"b');
    expect(childElements(root)).toHaveLength(0);
    // Conservative by design: a declaration-like string is refused even where it would be inert.
    expectBadRequest(() => parseXml('<a><!-- <!DOCTYPE x> --></a>'));
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

const nameArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,8}$/).filter((s) => !/^xml/i.test(s));
const textArb = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '\t', '\n', '&', '<', '>', '"', "'", ']]>', 'é', '₹', '😀', '\r'), maxLength: 20 });
const treeArb: fc.Arbitrary<XmlElement> = fc.letrec<{ node: XmlElement }>((tie) => ({
  node: fc
    .record({
      name: nameArb,
      attrs: fc.uniqueArray(fc.tuple(nameArb, textArb), { maxLength: 4, selector: ([k]) => k }),
      kids: fc.array(fc.oneof({ depthSize: 'small', withCrossShrink: true }, textArb, tie('node')), { maxLength: 4 }),
    })
    .map(({ name, attrs, kids }) => element(name, Object.fromEntries(attrs), kids)),
})).node;

/** Comparable form: the parser normalises CR/CRLF in text to LF only when written raw; we escape CR, so equality is exact. */
const shape = (el: XmlElement): unknown => ({
  n: el.name,
  a: el.attributes.map((a) => [a.name, a.value]),
  c: el.children.reduce<unknown[]>((acc, c) => {
    if (c.type === 'element') acc.push(shape(c));
    else if (typeof acc[acc.length - 1] === 'string') acc[acc.length - 1] += c.text;
    else acc.push(c.text);
    return acc;
  }, []),
});

describe('parseXml: properties', () => {
  it('round-trips any tree the builder can make', () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        expect(shape(parseXml(serializeXml(tree)))).toEqual(shape(tree));
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes: a tree or AppError, nothing else, quickly', () => {
    const t0 = performance.now();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => void parseOrAppError(bytes)),
      { numRuns: 500 },
    );
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('random markup-ish strings: a tree or AppError', () => {
    const unit = fc.constantFrom(
      '<',
      '>',
      '/',
      '=',
      '"',
      "'",
      '&',
      ';',
      '!',
      '?',
      '[',
      ']',
      '-',
      'a',
      'b',
      ' ',
      'x:',
      'xmlns',
      '<!DOCTYPE',
      '<!ENTITY',
      '<![CDATA[',
      ']]>',
      '<!--',
      '-->',
      '&#0;',
      '&lt;',
      '\u0000',
      '\uD800',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (s) => void parseOrAppError(s)),
      { numRuns: 1000 },
    );
  });

  it('every truncation of a valid document: a tree or AppError', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), (tree, cut) => {
        const xml = serializeXml(tree);
        void parseOrAppError(xml.slice(0, cut % (xml.length + 1)));
      }),
      { numRuns: 500 },
    );
  });

  it('nesting deeper than the limit is always a 400, and fast', () => {
    fc.assert(
      fc.property(fc.integer({ min: 33, max: 20_000 }), fc.boolean(), (depth, closed) => {
        const xml = '<a>'.repeat(depth) + (closed ? '</a>'.repeat(depth) : '');
        const ms = timed(() => expectBadRequest(() => parseXml(xml)));
        expect(ms).toBeLessThan(500);
      }),
      { numRuns: 50 },
    );
  });
});
