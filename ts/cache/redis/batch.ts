/** The commands of one MULTI/EXEC batch of the cache database. */

/** Where the variadic tail of a command starts (commands merged when on the same key). */
const TAIL: Readonly<Record<string, number>> = { hset: 2, hdel: 2, sadd: 2, zrem: 2, zadd: 3 };

/**
 * Builds a batch, merging a variadic command (HSET, HDEL, SADD, ZREM, ZADD NX) into the previous
 * one of the same name on the same key when no command touched that key in between: the result
 * is the same, with far fewer commands (an order's events become one HSET per batch).
 */
export class BatchBuilder {
  readonly commands: (string | Buffer | number)[][] = [];
  readonly #lastTouch = new Map<string, number>();

  add(cmd: (string | Buffer | number)[]): void {
    const name = cmd[0] as string;
    const tail = TAIL[name];
    const key = String(cmd[1]);
    if (tail !== undefined && (name !== 'zadd' || cmd[2] === 'NX')) {
      const j = this.#lastTouch.get(key);
      const prev = j === undefined ? undefined : this.commands[j];
      if (prev !== undefined && prev[0] === name && (name !== 'zadd' || prev[2] === 'NX')) {
        for (let i = tail; i < cmd.length; i++) prev.push(cmd[i]!);
        return;
      }
    }
    this.commands.push(cmd);
    const at = this.commands.length - 1;
    for (const k of keysOf(cmd)) this.#lastTouch.set(k, at);
  }
}

function keysOf(cmd: readonly (string | Buffer | number)[]): string[] {
  switch (cmd[0]) {
    case 'del':
    case 'unlink':
      return cmd.slice(1).map(String);
    case 'eval':
      return cmd.slice(3, 3 + Number(cmd[2])).map(String);
    default:
      return [String(cmd[1])];
  }
}
