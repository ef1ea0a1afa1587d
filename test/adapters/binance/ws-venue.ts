/** Test helpers: a WebSocket venue on 127.0.0.1 and a polling wait. */
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** A WebSocket server on 127.0.0.1 that records messages and lets a test drive each socket. */
export class WsVenue {
  readonly server: WebSocketServer;
  readonly sockets: WebSocket[] = [];
  readonly messages: { path: string; msg: Record<string, unknown> }[] = [];
  readonly paths: string[] = [];
  readonly closeCodes: number[] = [];
  onMessage: (ws: WebSocket, msg: Record<string, unknown>) => void = (ws, msg) => {
    // Default: confirm SUBSCRIBE / UNSUBSCRIBE.
    if (msg.method === 'SUBSCRIBE' || msg.method === 'UNSUBSCRIBE')
      ws.send(JSON.stringify({ result: null, id: msg.id }));
  };

  private constructor(server: WebSocketServer) {
    this.server = server;
    server.on('connection', (ws, req) => {
      const path = req.url ?? '/';
      this.sockets.push(ws);
      this.paths.push(path);
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as Record<string, unknown>;
        this.messages.push({ path, msg });
        this.onMessage(ws, msg);
      });
      ws.on('close', (code) => this.closeCodes.push(code));
    });
  }

  static async start(port = 0): Promise<WsVenue> {
    const server = new WebSocketServer({ host: '127.0.0.1', port });
    await new Promise<void>((r) => server.once('listening', () => r()));
    return new WsVenue(server);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get last(): WebSocket {
    return this.sockets[this.sockets.length - 1]!;
  }

  broadcast(msg: unknown): void {
    for (const s of this.sockets) if (s.readyState === 1) s.send(JSON.stringify(msg));
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

export async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
