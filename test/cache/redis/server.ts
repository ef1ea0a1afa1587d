/**
 * A private redis-server for one test suite: a free loopback port, a temp dir, no RDB snapshots,
 * AOF on request. Never touches another Redis (6379 or any other).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Redis } from 'ioredis';

/** True when a redis-server binary is on the PATH (the suites skip, saying so, when not). */
export const HAVE_REDIS = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

if (!HAVE_REDIS) {
  console.warn('redis-server is not installed: the Redis backend suites are skipped');
}

export interface ServerOptions {
  readonly appendonly?: boolean;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export class RedisServer {
  readonly dir: string;
  port = 0;
  #proc: ChildProcess | null = null;
  readonly #options: ServerOptions;

  constructor(options: ServerOptions = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'kairos-redis-'));
    this.#options = options;
  }

  get config(): { host: string; port: number; timeout: number } {
    return { host: '127.0.0.1', port: this.port, timeout: 2 };
  }

  /** Starts (or restarts on the same port and dir, so AOF data comes back). */
  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      this.#options.appendonly === true ? 'yes' : 'no',
      '--appendfsync',
      'always',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ];
    const proc = spawn('redis-server', args, { stdio: 'ignore' });
    this.#proc = proc;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis({
        host: '127.0.0.1',
        port: this.port,
        lazyConnect: true,
        retryStrategy: () => null,
      });
      probe.on('error', () => {});
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') {
          // Loading an AOF answers LOADING until done.
          probe.disconnect();
          return;
        }
      } catch {
        // not up yet
      }
      probe.disconnect();
      if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode}`);
      if (Date.now() > deadline) throw new Error('redis-server did not start within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** kill -9: no shutdown, no final fsync. */
  async kill9(): Promise<void> {
    const p = this.#proc;
    if (p === null || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
    this.#proc = null;
  }

  /** Stops the server and removes its dir. */
  async stop(): Promise<void> {
    const p = this.#proc;
    if (p !== null && p.exitCode === null) {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
    }
    this.#proc = null;
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A plain client to this server (for assertions). */
  client(): Redis {
    const c = new Redis({ host: '127.0.0.1', port: this.port });
    c.on('error', () => {});
    return c;
  }
}
