import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

import { describe, expect, it } from 'vitest';

describe('kairos venue', () => {
  it('starts the local venue on a free port, prints its addresses and answers REST', async () => {
    const root = new URL('../..', import.meta.url).pathname;
    const child = spawn(process.execPath, ['dist/cli/main.js', 'venue', '--port', '0', '--seed', '3'], {
      cwd: root,
    });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`venue exited with ${code}`)));
      });
      const addr = JSON.parse(first) as { http: string; ws: string; port: number };
      expect(addr.http).toBe(`http://127.0.0.1:${addr.port}`);
      const time = (await (await fetch(`${addr.http}/fapi/v1/time`)).json()) as { serverTime: number };
      expect(Math.abs(time.serverTime - Date.now())).toBeLessThan(60_000);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
