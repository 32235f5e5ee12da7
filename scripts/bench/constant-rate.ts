/**
 * An open-loop load generator: GET requests sent on a fixed schedule (e.g. 5,000/s), whatever
 * the server's speed, with each latency measured from the request's scheduled time, so a
 * stalled server shows up in the percentiles (no coordinated omission). Autocannon's
 * `overallRate` sends each second's quota in a burst at the start of the second, which
 * measures queueing of the burst rather than latency at that rate.
 */
import http from 'node:http';
import { percentile } from './report.ts';

export interface ConstantRateOptions {
  host: string;
  port: number;
  /** Sent with every request (a session, say). */
  headers?: Record<string, string>;
  /** The path of the i-th request. */
  path: (i: number) => string;
  rate: number;
  seconds: number;
  sockets?: number;
}

export interface ConstantRateResult {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function constantRate(options: ConstantRateOptions): Promise<ConstantRateResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.sockets ?? 32 });
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();

  const send = (i: number) => {
    const scheduled = start + (i * 1000) / options.rate;
    return new Promise<void>((resolve) => {
      const request = http.get({ host: options.host, port: options.port, path: options.path(i), agent, headers: options.headers }, (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode === 200) latencies.push(performance.now() - scheduled);
          else errors++;
          resolve();
        });
      });
      request.on('error', () => {
        errors++;
        resolve();
      });
    });
  };

  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate));
      while (sent < due) pending.push(send(sent++));
      if (sent >= total) done();
      else setTimeout(tick, 1); // ~1 ms ticks: a few requests each, without spinning a core
    };
    tick();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}
