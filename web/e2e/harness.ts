/**
 * What the browser tests share: a fresh build of web/dist when the sources changed, the real
 * API server in-process on the seeded test database, Debian's chromium through playwright-core
 * (never a downloaded browser), screenshots to /tmp, and a check that no request left localhost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { DEMO_PASSWORD } from '../../api/auth/password.ts';
import { readConfig } from '../../api/config.ts';
import type { Database } from '../../api/db/database.ts';
import { startServer, type RunningServer } from '../../api/server.ts';
import { testDatabase } from '../../api/testing/database.ts';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const WEB = path.join(REPO, 'web');
const PAGES = ['index.html', 'desk.html', 'grid-database.html', 'report.html', 'login.html', 'analytics.html'];
export const SCREENSHOTS = path.join(os.tmpdir(), 'lianqin-e2e');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'dist' || entry === 'e2e' || entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Builds web/dist when a page is missing or older than the sources, so `vitest run` works on a clean clone. */
export async function ensureWebBuilt(): Promise<void> {
  const sources = Math.max(newestMtime(WEB), newestMtime(path.join(REPO, 'vite.config.ts')));
  const built = PAGES.map((page) => path.join(WEB, 'dist', page));
  if (built.every((file) => fs.existsSync(file) && fs.statSync(file).mtimeMs >= sources)) return;
  // vitest sets NODE_ENV=test, which would leak into the bundle's process.env.NODE_ENV checks.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(REPO, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

export interface Stack {
  db: Database;
  server: RunningServer;
  browser: Browser;
  close(): Promise<void>;
}

/** The built UI, the server on a free port over the test database, and chromium. */
export async function startStack(): Promise<Stack> {
  await ensureWebBuilt();
  const db = testDatabase();
  const server = await startServer({ db, config: readConfig({}), port: 0 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    db, server, browser,
    async close() {
      await browser.close();
      await server.close();
      await db.close();
    },
  };
}

/** A bearer token of a demo account, signed in through the API (what another client would do). */
export async function apiToken(serverUrl: string, username: string): Promise<string> {
  const response = await fetch(`${serverUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** An API request with a bearer token (JSON in and out); the status and body, whatever they are. */
export async function apiCall(serverUrl: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${serverUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Requests of a page that went anywhere but the test server. */
export function externalRequests(requested: string[], serverUrl: string): string[] {
  const origin = new URL(serverUrl);
  return requested.filter((url) => {
    const { protocol, hostname } = new URL(url);
    return /^(https?|wss?):$/.test(protocol) && hostname !== origin.hostname && hostname !== 'localhost';
  });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small RGB PNG (a diagonal gradient over `rgb`), made here: the photo a test "takes". */
export function generatedPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const shade = (x + y) / (width + height);
      for (let c = 0; c < 3; c++) rows[row + 1 + x * 3 + c] = Math.round(rgb[c] * (0.55 + 0.45 * shade));
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
