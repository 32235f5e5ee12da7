/**
 * The floor of an HTTP benchmark on this machine: a bare Node http server, in a child process
 * as ours is, answering every request with the same bytes (say, one lookup answer). What it
 * takes is what any Node server and this client take, before routing, checks and work.
 */
import { spawn } from 'node:child_process';
import { stopperOf, type StopServer } from './setup.ts';

const SERVER = `
const http = require('node:http');
const body = Buffer.from(process.env.BARE_BODY, 'base64');
http.createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  response.end(body);
}).listen(Number(process.env.BARE_PORT), '127.0.0.1', () => console.log('ready'));
`;

export function startBareServer(port: number, body: Buffer): Promise<StopServer> {
  const child = spawn(process.execPath, ['-e', SERVER], {
    env: { ...process.env, BARE_PORT: String(port), BARE_BODY: body.toString('base64') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
    child.stdout.once('data', () => resolve(stopperOf(child)));
  });
}
