/**
 * An open-loop load generator: GET requests sent on a fixed schedule (e.g. 5,000/s), whatever
 * the server's speed, with each latency measured from the request's scheduled time, so a
 * stalled server (or a stalled client) shows up in the percentiles (no coordinated omission).
 * Autocannon's `overallRate` sends each second's quota in a burst at the start of the second,
 * which measures queueing of the burst rather than latency at that rate.
 *
 * It speaks HTTP/1.1 over plain keep-alive sockets: requests are prebuilt bytes, each sent on
 * the connection with the fewest answers outstanding, and answers are split by Content-Length.
 * On this 2-core machine the client shares the cores with the server: Node's http.Agent client
 * took ~55 % of a core at 5,000/s and its timer ticks stalled up to 25–38 ms; this one takes
 * about a third of a core.
 */
import net from 'node:net';
import { percentile } from './report.ts';

export interface ConstantRateOptions {
  host: string;
  port: number;
  /** Sent with every request (a session, say). */
  headers?: Record<string, string>;
  /** The path of the i-th request. */
  path: (i: number) => string;
  rate: number;
  /** Seconds measured, after `settleSeconds` sent at the same rate but not counted. */
  seconds: number;
  settleSeconds?: number;
  connections?: number;
}

export interface ConstantRateResult {
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** Latencies (ms) of the measured requests, ascending. */
  latencies: number[];
  /** The client's own CPU time over the run, as a share of one core. */
  clientCpu: number;
}

interface Connection {
  socket: net.Socket;
  /** Scheduled times of the requests sent on it and not yet answered, oldest first. */
  waiting: number[];
  /** Their indexes, to know whether each is measured. */
  indexes: number[];
  pending: Buffer | null;
}

const HEAD_END = Buffer.from('\r\n\r\n');

function connect(host: string, port: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host, () => resolve({ socket, waiting: [], indexes: [], pending: null }));
    socket.setNoDelay(true);
    socket.once('error', reject);
  });
}

/** Content-Length of an answer's head (latin1 text), or -1 when it has none. */
function contentLength(head: string): number {
  const at = head.toLowerCase().indexOf('\r\ncontent-length:');
  return at < 0 ? -1 : parseInt(head.slice(at + 17), 10);
}

export async function constantRate(options: ConstantRateOptions): Promise<ConstantRateResult> {
  const settle = options.settleSeconds ?? 2;
  const total = Math.round(options.rate * (settle + options.seconds));
  const firstMeasured = Math.round(options.rate * settle);
  const extra = Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const requests = Array.from({ length: total }, (_, i) => Buffer.from(`GET ${options.path(i)} HTTP/1.1\r\nhost: ${options.host}\r\n${extra}\r\n`, 'latin1'));
  const connections = await Promise.all(Array.from({ length: options.connections ?? 32 }, () => connect(options.host, options.port)));
  const latencies: number[] = [];
  let errors = 0;
  let answered = 0;
  let allAnswered = () => {};

  const onAnswer = (c: Connection, ok: boolean) => {
    const scheduled = c.waiting.shift()!;
    const index = c.indexes.shift()!;
    if (index >= firstMeasured) {
      if (ok) latencies.push(performance.now() - scheduled);
      else errors++;
    }
    if (++answered === total) allAnswered();
  };
  for (const c of connections) {
    c.socket.on('data', (chunk: Buffer) => {
      let data = c.pending ? Buffer.concat([c.pending, chunk]) : chunk;
      for (;;) {
        const headEnd = data.indexOf(HEAD_END);
        if (headEnd < 0) break;
        const head = data.toString('latin1', 0, headEnd);
        const length = contentLength(head);
        if (length < 0) throw new Error(`an answer without Content-Length: ${head}`);
        if (data.length < headEnd + 4 + length) break;
        onAnswer(c, head.startsWith('HTTP/1.1 200'));
        data = data.subarray(headEnd + 4 + length);
      }
      c.pending = data.length ? data : null;
    });
    c.socket.on('error', () => {}); // 'close' follows: its requests count as failed
    c.socket.on('close', () => {
      while (c.waiting.length) onAnswer(c, false);
    });
  }

  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate));
      for (; sent < due; sent++) {
        let best = connections[0];
        for (const c of connections) if (c.waiting.length < best.waiting.length) best = c;
        best.waiting.push(start + (sent * 1000) / options.rate);
        best.indexes.push(sent);
        best.socket.write(requests[sent]);
      }
      if (sent >= total) done();
      else setTimeout(tick, 1); // ~1 ms ticks: a few requests each, without spinning a core
    };
    tick();
  });
  await new Promise<void>((resolve) => {
    allAnswered = resolve;
    if (answered === total) resolve();
    // Whatever is still unanswered 10 s after the last request counts as failed.
    setTimeout(() => {
      for (const c of connections) c.socket.destroy();
    }, 10_000).unref();
  });
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  for (const c of connections) c.socket.destroy();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / (elapsed - settle),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    errors,
    latencies,
    clientCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
  };
}
