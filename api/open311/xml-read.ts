/**
 * A strict reader of the XML this API writes, for the tests and their Open311 client: it refuses
 * anything not well-formed (unclosed or crossed tags, a bare & or <, text after the root), so a
 * test that reads an answer also checks it. No attributes, comments or CDATA: the API writes none.
 */
import { LIST_ITEMS } from './spec.ts';

export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const DECLARATION = /<\?xml version="1\.0" encoding="utf-8"\?>\s*/iy;
const OPEN_TAG = /<([A-Za-z_][\w.-]*)\s*(\/?)>/y;
const CLOSE_TAG = /<\/([A-Za-z_][\w.-]*)\s*>/y;
const TEXT = /[^<]*/y;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(xml: string): XmlElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed XML at ${at}: ${why}: ${JSON.stringify(xml.slice(at, at + 40))}`);
  };
  const match = (re: RegExp) => {
    re.lastIndex = at;
    const m = re.exec(xml);
    if (m) at = re.lastIndex;
    return m;
  };

  const element = (): XmlElement => {
    const open = match(OPEN_TAG) ?? fail('expected a start tag');
    const node: XmlElement = { name: open[1], children: [], text: '' };
    if (open[2]) return node;
    for (;;) {
      const text = match(TEXT)![0];
      if (text.trim()) node.text += decode(text, fail);
      if (at >= xml.length) fail(`<${node.name}> is not closed`);
      if (xml.startsWith('</', at)) {
        const close = match(CLOSE_TAG) ?? fail('bad end tag');
        if (close[1] !== node.name) fail(`</${close[1]}> closes <${node.name}>`);
        if (node.text && node.children.length) fail(`<${node.name}> mixes text and elements`);
        return node;
      }
      node.children.push(element());
    }
  };

  match(DECLARATION) ?? fail('missing <?xml version="1.0" encoding="utf-8"?>');
  const root = element();
  if (xml.slice(at).trim()) fail('content after the root element');
  return root;
}

function decode(text: string, fail: (why: string) => never): string {
  if (text.includes(']]>')) fail(']]> in text');
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text)) fail('a character XML 1.0 does not allow');
  const bare = text.replace(ENTITY, '');
  if (bare.includes('&')) fail('a bare & (not an entity)');
  return text.replace(ENTITY, (_, name: string, dec: string, hex: string) => {
    if (name) return NAMED[name];
    const code = dec ? Number(dec) : parseInt(hex, 16);
    // A reference may not name what the text may not hold either (&#0;, a surrogate, past U+10FFFF).
    if (!xmlChar(code)) fail(`&#${dec ?? `x${hex}`}; names a character XML 1.0 does not allow`);
    return String.fromCodePoint(code);
  });
}

/** XML 1.0's Char production. */
const xmlChar = (code: number) =>
  code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);

/** The value by the Spark convention (lists by LIST_ITEMS, everything else text); the root's name aside. */
export function xmlValue(node: XmlElement): unknown {
  const item = LIST_ITEMS[node.name];
  if (item) {
    const wrong = node.children.find((c) => c.name !== item);
    if (wrong) throw new Error(`<${node.name}> holds <${wrong.name}>, expected <${item}>`);
    return node.children.map(xmlValue);
  }
  if (node.children.length === 0) return node.text;
  const object: Record<string, unknown> = {};
  for (const child of node.children) {
    if (child.name in object) throw new Error(`<${node.name}> repeats <${child.name}>`);
    object[child.name] = xmlValue(child);
  }
  return object;
}

/** A JSON answer as its XML twin reads: every scalar as text, null as ''. */
export function asXmlText(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(asXmlText);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asXmlText(v)]));
  return String(value);
}
