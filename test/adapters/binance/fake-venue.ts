/**
 * A small Binance-like HTTP server on 127.0.0.1 for tests: routes `METHOD /path` to handlers,
 * checks the API key and the HMAC signature of signed requests the way Binance does (over the
 * query string before `&signature=`), and records every request.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly rawQuery: string;
  readonly apiKey: string | undefined;
  readonly signatureValid: boolean | null;
}

export interface Reply {
  readonly status?: number;
  readonly body?: unknown;
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait this long before answering (to provoke client timeouts). */
  readonly delayMs?: number;
}

export type Handler = (req: Recorded) => Reply;

export class FakeVenue {
  readonly apiKey: string;
  readonly secret: string;
  readonly requests: Recorded[] = [];
  readonly routes = new Map<string, Handler>();
  #server: Server | null = null;
  url = '';

  constructor(apiKey = 'test-key', secret = 'test-secret') {
    this.apiKey = apiKey;
    this.secret = secret;
  }

  on(route: string, handler: Handler | Reply): this {
    this.routes.set(route, typeof handler === 'function' ? handler : () => handler);
    return this;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    const port = (this.#server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    if (s === null) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  calls(route: string): Recorded[] {
    return this.requests.filter((r) => `${r.method} ${r.path}` === route);
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const rawQuery = url.search.startsWith('?') ? url.search.slice(1) : url.search;
    let signatureValid: boolean | null = null;
    const sigAt = rawQuery.lastIndexOf('&signature=');
    if (sigAt >= 0) {
      const payload = rawQuery.slice(0, sigAt);
      const sig = decodeURIComponent(rawQuery.slice(sigAt + '&signature='.length));
      signatureValid = createHmac('sha256', this.secret).update(payload).digest('hex') === sig;
    }
    const apiKey = req.headers['x-mbx-apikey'];
    const rec: Recorded = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      rawQuery,
      apiKey: typeof apiKey === 'string' ? apiKey : undefined,
      signatureValid,
    };
    this.requests.push(rec);
    const send = (reply: Reply): void => {
      const write = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.text ?? JSON.stringify(reply.body ?? {}));
      };
      if (reply.delayMs) setTimeout(write, reply.delayMs);
      else write();
    };
    if (signatureValid !== null && (rec.apiKey !== this.apiKey || !signatureValid)) {
      send({ status: 401, body: { code: -1022, msg: 'Signature for this request is not valid.' } });
      return;
    }
    const handler = this.routes.get(`${rec.method} ${rec.path}`);
    if (handler === undefined) {
      send({ status: 404, body: { code: -1100, msg: `no route ${rec.method} ${rec.path}` } });
      return;
    }
    send(handler(rec));
  }
}
