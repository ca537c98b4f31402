import { describe, expect, it } from 'vitest';
import { XmlRejected, buildPullUriRequest, decodeXml, escapeXml, hmacBase64, istTimestamp, keyHash, parsePullUriRequest, parseXmlSafely } from './protocol.js';

describe('signatures', () => {
  it('keyhash is hex SHA-256(API key + ts)', () => {
    // printf '%s' 'secret-key2024-05-01T10:00:00+05:30' | sha256sum
    expect(keyHash('secret-key', '2024-05-01T10:00:00+05:30')).toBe('c6b406d89f6a8ea827d6c59284074af1efb42f5333b506a4aa1bbe903445a8cc');
  });

  it('x-digilocker-hmac is Base64 HMAC-SHA256(body, API key)', () => {
    // printf '%s' '<a/>' | openssl dgst -sha256 -hmac secret-key -binary | base64
    expect(hmacBase64('<a/>', 'secret-key')).toBe('b1CplW4n59o6nthfHkDTpoCdF3QuFREi3UG6lP+g3lU=');
  });

  it('timestamps are in IST with the offset', () => {
    expect(istTimestamp(new Date('2024-05-01T04:30:00Z'))).toBe('2024-05-01T10:00:00+05:30');
  });
});

describe('parsePullUriRequest', () => {
  const spec = `<?xml version="1.0" encoding="UTF-8"?>
<PullURIRequest xmlns="http://tempuri.org/" ver="3.0" ts="2024-05-01T10:00:00+05:30"
    txn="1234" orgId="in.ac.demo-univ" keyhash="abc" format="pdf">
  <DocDetails>
    <DocType>DGCER</DocType><DigiLockerId>dl-1</DigiLockerId><UID>hash</UID>
    <FullName>Anjali  Mishra &amp; Co &#x263A;</FullName><DOB>25-09-1996</DOB><Photo format="JPG">AAAA</Photo>
    <RollNo>AR17230</RollNo><Year>2017</Year><RegNo></RegNo>
  </DocDetails>
</PullURIRequest>`;

  it('reads the attributes, the standard fields and the search parameters', () => {
    expect(parsePullUriRequest(spec, 65536)).toEqual({
      ver: '3.0',
      ts: '2024-05-01T10:00:00+05:30',
      txn: '1234',
      orgId: 'in.ac.demo-univ',
      keyhash: 'abc',
      format: 'pdf',
      docType: 'DGCER',
      digiLockerId: 'dl-1',
      uid: 'hash',
      fullName: 'Anjali  Mishra & Co ☺',
      dob: '25-09-1996',
      parameters: { RollNo: 'AR17230', Year: '2017', RegNo: '' },
    });
  });

  it('round-trips what buildPullUriRequest writes, escaping included', () => {
    const { body } = buildPullUriRequest({
      apiKey: 'k',
      orgId: 'in.ac.demo-univ',
      docType: 'DGCER',
      ts: 't',
      txn: '1',
      parameters: { RollNo: `<&'">`, Year: '2009' },
      fullName: "D'Souza",
    });
    const req = parsePullUriRequest(body, 65536);
    expect(req.parameters).toEqual({ RollNo: `<&'">`, Year: '2009' });
    expect(req.fullName).toBe("D'Souza");
    expect(req.keyhash).toBe(keyHash('k', 't'));
  });

  it('rejects a wrong root, a missing DocDetails and repeated fields', () => {
    expect(() => parsePullUriRequest('<PullURIResponse/>', 1000)).toThrow(XmlRejected);
    expect(() => parsePullUriRequest('<PullURIRequest ts="x"/>', 1000)).toThrow(XmlRejected);
    expect(() => parsePullUriRequest('<PullURIRequest><DocDetails><RollNo>1</RollNo><RollNo>2</RollNo></DocDetails></PullURIRequest>', 1000)).toThrow(
      /more than once/,
    );
    expect(() => parsePullUriRequest('<PullURIRequest><DocDetails><RollNo><x>1</x></RollNo></DocDetails></PullURIRequest>', 1000)).toThrow(/text element/);
  });
});

describe('parseXmlSafely', () => {
  it('refuses XXE before parsing', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    expect(() => parseXmlSafely(xxe, 65536)).toThrow(/DOCTYPE/);
    expect(() => parseXmlSafely('<!doctype r><r/>', 65536)).toThrow(XmlRejected);
    expect(() => parseXmlSafely('<r><![CDATA[x]]><!ENTITY a "b"></r>', 65536)).toThrow(XmlRejected);
  });

  it('refuses a billion-laughs payload in well under a second', () => {
    const lols = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('');
    const started = performance.now();
    expect(() => parseXmlSafely(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${lols}]><lolz>&lol9;</lolz>`, 65536)).toThrow(XmlRejected);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('leaves undeclared entities alone and decodes only the predefined ones', () => {
    const doc = parseXmlSafely('<r a="&lt;&#65;&unknown;">x &amp;amp; &gt;</r>', 1000) as { r: { '@_a': string; '#text': string } };
    expect(decodeXml(doc.r['@_a'])).toBe('<A&unknown;');
    expect(decodeXml(doc.r['#text'])).toBe('x &amp; >');
    expect(decodeXml('&#0; &#xD800; &#x110000;')).toBe('&#0; &#xD800; &#x110000;');
  });

  it('bounds size and depth, and refuses malformed XML', () => {
    expect(() => parseXmlSafely(`<r>${'x'.repeat(2000)}</r>`, 1000)).toThrow(/larger/);
    expect(() => parseXmlSafely(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`, 65536)).toThrow(XmlRejected);
    expect(() => parseXmlSafely(`${'<a>'.repeat(10)}${'</a>'.repeat(10)}`, 65536)).not.toThrow();
    expect(() => parseXmlSafely('<r><x></r>', 1000)).toThrow(/well-formed/);
    expect(() => parseXmlSafely('not xml at all', 1000)).toThrow(XmlRejected);
  });

  it('escapeXml escapes the five special characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
  });
});
