import http, { type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The baseline: a bare node:http SSE endpoint that writes one pre-formatted message to every socket. */
export interface BareSse {
  url: string;
  readonly size: number;
  broadcast(message: string): void;
  close(): Promise<void>;
}

export async function startBareSse(): Promise<BareSse> {
  const clients = new Set<ServerResponse>();
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith('/stream')) {
      res.writeHead(404).end();
      return;
    }
    // Same headers and preamble as SseHub.open.
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    res.write('event: ready\ndata: {"seq":0}\n\n');
    clients.add(res);
    res.on('close', () => clients.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/stream`,
    get size() {
      return clients.size;
    },
    broadcast(message) {
      for (const res of clients) res.write(message);
    },
    close() {
      for (const res of clients) res.end();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
