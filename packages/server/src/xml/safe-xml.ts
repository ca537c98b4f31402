/**
 * The one way XML from issuers (or anyone else) gets into Tijori.
 *
 * Defence in layers, cheapest first, so hostile input costs a linear scan and no allocation:
 *  1. size, checked on the bytes before decoding (strict UTF-8 only);
 *  2. a markup pre-scan that rejects any `<!DOCTYPE`, `<!ENTITY` or other declaration (so no
 *     DTD, no entity expansion, no external anything can exist) and counts elements and depth,
 *     stopping at the first limit crossed;
 *  3. `@xmldom/xmldom` (0.9, the parser xml-crypto builds on) with every warning and error made
 *     fatal: it expands only the five predefined entities and character references;
 *  4. a walk over the DOM (iterative, no recursion) that re-checks depth and bounds attributes,
 *     and refuses characters XML 1.0 forbids even as references (`&#0;`, lone surrogates).
 * Anything wrong becomes `AppError('bad_request')` with a message that never quotes the input.
 */
import { DOMParser, type CharacterData, type Document, type Element } from '@xmldom/xmldom';
import { AppError } from '../lib/errors.js';
import { isXmlText, type XmlAttribute, type XmlElement } from './xml-tree.js';

export interface XmlLimits {
  /** Largest document in bytes (UTF-8). */
  maxBytes: number;
  /** Deepest element nesting; the root is depth 1. */
  maxDepth: number;
  /** Most elements in one document. */
  maxElements: number;
  maxAttributesPerElement: number;
  /** Longest attribute value, in characters. */
  maxAttributeLength: number;
}

/** Limits for ordinary protocol messages (Pull URI, Push URI, certificates). */
export const REQUEST_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 1024 * 1024,
  maxDepth: 32,
  maxElements: 10_000,
  maxAttributesPerElement: 64,
  maxAttributeLength: 64 * 1024,
});

/** Limits for messages that carry a whole file: a bulk `PushCSVRequest`, a Pull URI response with a PDF. */
export const BULK_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({ ...REQUEST_XML_LIMITS, maxBytes: 20 * 1024 * 1024 });

const bad = (message: string, details?: Record<string, unknown>) => new AppError('bad_request', message, details);

/** Decodes bytes as strict UTF-8 (a UTF-8 BOM is dropped) after checking the size. */
function decode(input: string | Uint8Array, maxBytes: number): string {
  if (typeof input === 'string') {
    // UTF-8 never takes fewer bytes than UTF-16 code units, so the length check is a safe first cut.
    if (input.length > maxBytes || Buffer.byteLength(input, 'utf8') > maxBytes) throw tooLarge(maxBytes);
    return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  }
  if (input.byteLength > maxBytes) throw tooLarge(maxBytes);
  if (input.byteLength >= 2 && ((input[0] === 0xfe && input[1] === 0xff) || (input[0] === 0xff && input[1] === 0xfe))) {
    throw bad('The XML must be encoded as UTF-8.');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw bad('The XML is not valid UTF-8.');
  }
}

function tooLarge(maxBytes: number): AppError {
  return bad(`The XML document is larger than the ${maxBytes}-byte limit.`, { limit: maxBytes });
}

const DECLARATION = /^<\?xml\s[^>]{0,200}?\?>/;
const ENCODING = /\bencoding\s*=\s*["']([^"']*)["']/;

/**
 * Pass 2: one linear scan over the markup. Exact for well-formed XML; on malformed input it may
 * count wrongly, which only matters if the parser then accepted the input, and it would not.
 */
function prescan(text: string, limits: XmlLimits): void {
  if (/<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i.test(text)) throw noDtd();
  const decl = DECLARATION.exec(text);
  const enc = decl ? ENCODING.exec(decl[0]) : null;
  if (enc && !/^utf-?8$/i.test(enc[1]!)) throw bad('The XML must be encoded as UTF-8.');

  const tagEnd = /["'>]/g;
  let depth = 0;
  let elements = 0;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt + 1 >= text.length) return;
    const next = text[lt + 1];
    if (next === '!') {
      let end: number;
      if (text.startsWith('<!--', lt)) end = skipTo(text, '-->', lt + 4);
      else if (text.startsWith('<![CDATA[', lt)) end = skipTo(text, ']]>', lt + 9);
      else throw noDtd();
      i = end;
    } else if (next === '?') {
      i = skipTo(text, '?>', lt + 2);
    } else if (next === '/') {
      depth--;
      i = lt + 2;
    } else {
      if (++elements > limits.maxElements) throw bad(`The XML has more than ${limits.maxElements} elements.`, { limit: limits.maxElements });
      // Find the end of the start tag; `>` may appear inside quoted attribute values.
      tagEnd.lastIndex = lt + 1;
      let close = -1;
      for (;;) {
        const m = tagEnd.exec(text);
        if (!m) break;
        if (m[0] === '>') {
          close = m.index;
          break;
        }
        const q = text.indexOf(m[0], m.index + 1);
        if (q < 0) break;
        tagEnd.lastIndex = q + 1;
      }
      if (close < 0) throw notWellFormed();
      if (text[close - 1] !== '/' && ++depth > limits.maxDepth) {
        throw bad(`The XML nests elements more than ${limits.maxDepth} deep.`, { limit: limits.maxDepth });
      }
      i = close + 1;
    }
  }
}

function skipTo(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  if (at < 0) throw notWellFormed();
  return at + terminator.length;
}

function noDtd(): AppError {
  return bad('The XML contains a document type or entity declaration; DTDs and entities are not accepted.');
}

function notWellFormed(locator?: { lineNumber?: unknown; columnNumber?: unknown }): AppError {
  const line = typeof locator?.lineNumber === 'number' ? locator.lineNumber : undefined;
  const column = typeof locator?.columnNumber === 'number' ? locator.columnNumber : undefined;
  const where = line !== undefined ? ` (line ${line}${column !== undefined ? `, column ${column}` : ''})` : '';
  return bad(`The XML is not well-formed${where}.`, line !== undefined ? { line, column } : undefined);
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_NODE = 4;
const PI_NODE = 7;
const COMMENT_NODE = 8;
const DOCTYPE_NODE = 10;

/** Pass 4: DOM → tree, iteratively, with the per-node checks. */
function toTree(rootNode: Element, limits: XmlLimits): XmlElement {
  const make = (node: Element): XmlElement => {
    const attrs = node.attributes;
    if (attrs.length > limits.maxAttributesPerElement) {
      throw bad(`An XML element has more than ${limits.maxAttributesPerElement} attributes.`, { limit: limits.maxAttributesPerElement });
    }
    const attributes: XmlAttribute[] = [];
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs.item(i)!;
      if (a.value.length > limits.maxAttributeLength) {
        throw bad(`An XML attribute value is longer than ${limits.maxAttributeLength} characters.`, { limit: limits.maxAttributeLength });
      }
      if (!isXmlText(a.value)) throw bad('An XML attribute holds a character that XML does not allow.');
      attributes.push({ name: a.name, localName: a.localName ?? a.name, prefix: a.prefix ?? null, namespace: a.namespaceURI ?? null, value: a.value });
    }
    return {
      type: 'element',
      name: node.tagName,
      localName: node.localName ?? node.tagName,
      prefix: node.prefix ?? null,
      namespace: node.namespaceURI ?? null,
      attributes,
      children: [],
    };
  };

  const root = make(rootNode);
  const stack: { node: Element; el: XmlElement; depth: number }[] = [{ node: rootNode, el: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, el, depth } = stack.pop()!;
    if (depth > limits.maxDepth) throw bad(`The XML nests elements more than ${limits.maxDepth} deep.`, { limit: limits.maxDepth });
    let text: string | null = null;
    const flush = () => {
      if (text !== null && text !== '') el.children.push({ type: 'text', text });
      text = null;
    };
    for (let c = node.firstChild; c !== null; c = c.nextSibling) {
      if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_NODE) {
        const data = (c as CharacterData).data;
        if (!isXmlText(data)) throw bad('The XML text holds a character that XML does not allow.');
        text = (text ?? '') + data;
      } else if (c.nodeType === ELEMENT_NODE) {
        flush();
        const child = make(c as Element);
        el.children.push(child);
        stack.push({ node: c as Element, el: child, depth: depth + 1 });
      } else if (c.nodeType !== COMMENT_NODE && c.nodeType !== PI_NODE) {
        throw notWellFormed();
      }
    }
    flush();
  }
  return root;
}

/** The parsed document both as xmldom's DOM (for signature checking) and as our tree. */
export interface ParsedXml {
  document: Document;
  root: XmlElement;
}

/**
 * Parses and checks `input`; for the XML-DSig layer, which needs the DOM as well as the tree.
 * Everyone else wants `parseXml`.
 */
export function parseXmlDocument(input: string | Uint8Array, limits: Partial<XmlLimits> = {}): ParsedXml {
  const lim: XmlLimits = { ...REQUEST_XML_LIMITS, ...limits };
  const text = decode(input, lim.maxBytes);
  prescan(text, lim);
  let document: Document;
  try {
    const parser = new DOMParser({
      onError: (level) => {
        throw new Error(level);
      },
    });
    document = parser.parseFromString(text, 'text/xml');
  } catch (err) {
    throw notWellFormed((err as { locator?: { lineNumber?: unknown; columnNumber?: unknown } } | null)?.locator);
  }
  const rootNode = document.documentElement;
  if (!rootNode) throw notWellFormed();
  for (let c = document.firstChild; c !== null; c = c.nextSibling) {
    if (c === rootNode || c.nodeType === COMMENT_NODE || c.nodeType === PI_NODE) continue;
    if (c.nodeType === DOCTYPE_NODE) throw noDtd();
    if (c.nodeType !== TEXT_NODE || /\S/.test((c as CharacterData).data)) throw notWellFormed();
  }
  return { document, root: toTree(rootNode, lim) };
}

/**
 * Parses untrusted XML into an element tree, or throws `AppError('bad_request')`.
 * Limits default to `REQUEST_XML_LIMITS`; pass `BULK_XML_LIMITS` (or your own) for bigger messages.
 */
export function parseXml(input: string | Uint8Array, limits: Partial<XmlLimits> = {}): XmlElement {
  return parseXmlDocument(input, limits).root;
}
