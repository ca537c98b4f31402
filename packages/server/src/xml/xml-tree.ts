/**
 * The small element tree the DigiLocker XML layer works on: what `parseXml` returns and what
 * the builders serialise. Elements keep their qualified names (prefixes), namespace URIs,
 * attributes in document order, and text; comments and processing instructions are dropped.
 */

export interface XmlAttribute {
  /** As written, e.g. `xmlns:ns2` or `ns2:lang`. */
  name: string;
  localName: string;
  prefix: string | null;
  namespace: string | null;
  value: string;
}

export interface XmlText {
  type: 'text';
  /** Character data with entities resolved; adjacent text and CDATA are merged. */
  text: string;
}

export interface XmlElement {
  type: 'element';
  /** Qualified name as written, e.g. `ns2:PullURIResponse`. */
  name: string;
  localName: string;
  prefix: string | null;
  namespace: string | null;
  /** Attributes in document order, namespace declarations (`xmlns`, `xmlns:p`) included. */
  attributes: XmlAttribute[];
  children: XmlChild[];
}

export type XmlChild = XmlElement | XmlText;

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Child elements, optionally only those with this local name (any namespace). */
export function childElements(el: XmlElement, localName?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.type === 'element' && (localName === undefined || c.localName === localName)) out.push(c);
  return out;
}

/** The concatenated text directly inside `el` (not its descendants). */
export function ownText(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (c.type === 'text') s += c.text;
  return s;
}

/** The value of the attribute with this local name and no namespace, or undefined. */
export function attr(el: XmlElement, localName: string): string | undefined {
  for (const a of el.attributes) if (a.localName === localName && a.namespace === null && a.prefix === null) return a.value;
  return undefined;
}

/** Attributes that are not namespace declarations. */
export function plainAttributes(el: XmlElement): XmlAttribute[] {
  return el.attributes.filter((a) => a.namespace !== XMLNS_NS && a.name !== 'xmlns' && !a.name.startsWith('xmlns:'));
}

// ---------------------------------------------------------------------------------------------
// Building and serialising.

/** An XML 1.0 Name without a colon (we build only unprefixed or explicitly prefixed names). */
const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const QNAME = /^(?:[A-Za-z_][A-Za-z0-9_.-]*:)?[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Characters XML 1.0 cannot carry at all, even as character references. */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isXmlName(s: string): boolean {
  return s.length > 0 && s.length <= 128 && NCNAME.test(s) && !/^xml/i.test(s);
}

/** True when every character of `s` may appear in an XML 1.0 document. */
export function isXmlText(s: string): boolean {
  return !NOT_XML_CHAR.test(s);
}

export type AttrInput = Record<string, string | number | undefined | null>;
export type ChildInput = XmlChild | string | undefined | null | false;

/**
 * A new element. Attributes whose value is undefined/null are left out; children that are
 * undefined/null/false are skipped. Throws a TypeError for names or characters XML cannot hold:
 * builders validate their input first, so reaching this is a bug, not a client error.
 */
export function element(name: string, attrs: AttrInput = {}, children: ChildInput[] = []): XmlElement {
  if (!QNAME.test(name) || name.length > 128) throw new TypeError(`not an XML element name: ${JSON.stringify(name.slice(0, 40))}`);
  const colon = name.indexOf(':');
  const attributes: XmlAttribute[] = [];
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (!QNAME.test(k)) throw new TypeError(`not an XML attribute name: ${JSON.stringify(k.slice(0, 40))}`);
    const value = String(v);
    if (!isXmlText(value)) throw new TypeError(`attribute ${k} holds a character XML cannot carry`);
    const c = k.indexOf(':');
    attributes.push({ name: k, localName: c < 0 ? k : k.slice(c + 1), prefix: c < 0 ? null : k.slice(0, c), namespace: null, value });
  }
  const kids: XmlChild[] = [];
  for (const ch of children) {
    if (ch === undefined || ch === null || ch === false) continue;
    const t = typeof ch === 'string' ? ch : ch.type === 'text' ? ch.text : undefined;
    if (t === undefined) kids.push(ch as XmlElement);
    else if (!isXmlText(t)) throw new TypeError(`text inside ${name} holds a character XML cannot carry`);
    else if (t !== '') kids.push({ type: 'text', text: t });
  }
  return {
    type: 'element',
    name,
    localName: colon < 0 ? name : name.slice(colon + 1),
    prefix: colon < 0 ? null : name.slice(0, colon),
    namespace: null,
    attributes,
    children: kids,
  };
}

/** `<Name>text</Name>`, or nothing when the value is undefined/null. */
export function textElement(name: string, value: string | number | undefined | null, attrs: AttrInput = {}): XmlElement | undefined {
  if (value === undefined || value === null) return undefined;
  return element(name, attrs, [String(value)]);
}

function escapeText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Attribute values keep tabs and line breaks only as character references (else a parser normalises them to spaces). */
function escapeAttr(s: string): string {
  return s.replace(/[&<>"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!);
}

/**
 * Serialises a tree to a string. Iterative, so a tree of any depth serialises without
 * recursion. Emits `<?xml version="1.0" encoding="UTF-8"?>` unless `declaration` is false.
 */
export function serializeXml(root: XmlElement, options: { declaration?: boolean } = {}): string {
  const parts: string[] = options.declaration === false ? [] : ['<?xml version="1.0" encoding="UTF-8"?>'];
  // Each stack entry is either an element to open or a closing tag to write.
  const stack: (XmlChild | { close: string })[] = [root];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('close' in item) {
      parts.push(`</${item.close}>`);
    } else if (item.type === 'text') {
      parts.push(escapeText(item.text));
    } else {
      let open = `<${item.name}`;
      for (const a of item.attributes) open += ` ${a.name}="${escapeAttr(a.value)}"`;
      if (item.children.length === 0) {
        parts.push(`${open}/>`);
        continue;
      }
      parts.push(`${open}>`);
      stack.push({ close: item.name });
      for (let i = item.children.length - 1; i >= 0; i--) stack.push(item.children[i]!);
    }
  }
  return parts.join('');
}
