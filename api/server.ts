/** Serves the application over HTTP (used by main.ts, the browser tests and the benchmarks). */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import type { AppDeps } from './context.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(deps: AppDeps & { port?: number; host?: string }): Promise<RunningServer> {
  const { app, gridIndex, tiles } = createApp(deps);
  await gridIndex.refresh();
  const host = deps.host ?? '127.0.0.1';
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: deps.port ?? 0, hostname: host }, (info: AddressInfo) => {
      const shownHost = host === '0.0.0.0' ? 'localhost' : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        close: async () => {
          await new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
          await tiles.close();
        },
      });
    });
  });
}
