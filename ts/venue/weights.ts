/**
 * Request weights the venue charges (Binance USD-M's documented weights) and the per-IP weight
 * budget of the current calendar minute, answered in `X-MBX-USED-WEIGHT-1M`.
 */
const depthWeight = (limit: number): number => (limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20);

/** Weight of a request. */
export function weightOf(method: string, path: string, params: Readonly<Record<string, string>>): number {
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /fapi/v1/depth':
      return depthWeight(params.limit === undefined ? 500 : Number(params.limit));
    case 'GET /fapi/v1/openOrders':
      return params.symbol === undefined ? 40 : 1;
    case 'GET /fapi/v1/ticker/bookTicker':
      return params.symbol === undefined ? 5 : 2;
    case 'GET /fapi/v1/allOrders':
    case 'GET /fapi/v1/userTrades':
    case 'GET /fapi/v2/account':
    case 'GET /fapi/v3/account':
    case 'GET /fapi/v2/balance':
    case 'GET /fapi/v3/balance':
    case 'GET /fapi/v2/positionRisk':
    case 'GET /fapi/v3/positionRisk':
      return 5;
    case 'POST /fapi/v1/algoOrder':
      return 0;
    default:
      return 1;
  }
}

/** Weight used per IP in calendar minutes. */
export class WeightMeter {
  #minute = -1;
  readonly #used = new Map<string, number>();

  /** Adds `weight` for `ip` at `nowMs`; returns the minute's total. */
  add(ip: string, weight: number, nowMs: number): number {
    const minute = Math.floor(nowMs / 60_000);
    if (minute !== this.#minute) {
      this.#minute = minute;
      this.#used.clear();
    }
    const used = (this.#used.get(ip) ?? 0) + weight;
    this.#used.set(ip, used);
    return used;
  }

  /** Seconds until the current minute ends (at least 1). */
  static retryAfterSeconds(nowMs: number): number {
    return Math.max(1, Math.ceil((60_000 - (nowMs % 60_000)) / 1000));
  }
}
