/**
 * One answer, two formats: the same value as JSON or as schemaless XML without namespace (as
 * the spec asks), lists named by LIST_ITEMS. Errors are `[{code, description}]` /
 * `<errors><error>…`, never problem+json: Open311 clients parse only these.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CONTENT_TYPES, FORMATS, LIST_ITEMS, type Format } from './spec.ts';

/** The format named by the path's extension, or null. */
export function formatOf(path: string): Format | null {
  const ext = /\.([a-z]+)$/.exec(path)?.[1];
  return FORMATS.find((f) => f === ext) ?? null;
}

/** `value` in `format`: JSON as is, XML under the element `root`. */
export function answer(c: Context, format: Format, root: string, value: unknown, status: ContentfulStatusCode = 200): Response {
  const body = format === 'xml' ? toXml(root, value) : JSON.stringify(value);
  return c.body(body, status, { 'content-type': CONTENT_TYPES[format] });
}

export interface Open311Error {
  code: number;
  description: string;
}

/** The spec's error list with one error, in the format of the path (JSON when it has none). */
export function errorAnswer(c: Context, status: ContentfulStatusCode, description: string): Response {
  const errors: Open311Error[] = [{ code: status, description }];
  return answer(c, formatOf(c.req.path) ?? 'json', 'errors', errors, status);
}

// Characters XML 1.0 cannot carry even escaped (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates).
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as XML character data. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `value` as an XML document with root element `root`; null is an empty element. */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, '')}\n`;
}

function element(name: string, value: unknown, indent: string): string {
  if (value === null || value === undefined) return `${indent}<${name}/>`;
  if (Array.isArray(value)) {
    const item = LIST_ITEMS[name];
    if (!item) throw new Error(`no XML item element for list ${name}`);
    return children(name, value.map((v) => element(item, v, `${indent}  `)), indent);
  }
  if (typeof value === 'object') {
    return children(name, Object.entries(value).map(([key, v]) => element(key, v, `${indent}  `)), indent);
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>`;
}

function children(name: string, lines: string[], indent: string): string {
  return lines.length ? `${indent}<${name}>\n${lines.join('\n')}\n${indent}</${name}>` : `${indent}<${name}/>`;
}
