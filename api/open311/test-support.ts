/** Shared by the Open311 tests: requests to the in-process app in either format, read strictly. */
import type { Hono } from 'hono';
import { parseXml, xmlValue } from './xml-read.ts';

export interface Open311Answer {
  status: number;
  headers: Headers;
  /** JSON as parsed; XML read strictly (see xml-read.ts) into its Spark-convention value. */
  body: any;
  /** The name of the XML root element. */
  root?: string;
  text: string;
}

export async function read(response: Response): Promise<Open311Answer> {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const base = { status: response.status, headers: response.headers, text };
  if (type.startsWith('text/xml')) {
    const root = parseXml(text);
    return { ...base, root: root.name, body: xmlValue(root) };
  }
  return { ...base, body: type.startsWith('application/json') ? JSON.parse(text) : text };
}

let clients = 0;
/** A client address of its own, so one test's requests do not spend another's rate limit. */
export const clientAddress = () => `10.31.${Math.floor(++clients / 250)}.${clients % 250}`;

export async function get(app: Hono, path: string, client = clientAddress()) {
  return read(await app.request(path, {}, { incoming: { socket: { remoteAddress: client } } }));
}

/** A POST as Open311 clients send it: application/x-www-form-urlencoded. */
export async function postForm(app: Hono, path: string, form: Record<string, string>, headers: Record<string, string> = {}, client = clientAddress()) {
  const body = new URLSearchParams(form).toString();
  const type = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  return read(await app.request(path, { method: 'POST', body, headers: { ...type, ...headers } }, { incoming: { socket: { remoteAddress: client } } }));
}
