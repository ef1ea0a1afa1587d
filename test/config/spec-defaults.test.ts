/**
 * Every setting of every settings table of the spec exists, in camelCase, with the spec's default.
 * The tables are read from the spec itself, so a setting added there fails here until it exists.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { StrategyConfig, TradingNodeConfig } from '../../ts/config/index.js';

const SPEC = readFileSync(new URL('../../../shared/spec/live-trading.md', import.meta.url), 'utf8');

interface SpecRow {
  readonly section: string;
  readonly setting: string;
  readonly specDefault: string;
}

/** The rows of every `| Setting | Default | ... |` table, with the `###` section they sit in. */
function specTables(markdown: string): SpecRow[] {
  const rows: SpecRow[] = [];
  let section = '';
  let inTable = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('### ')) section = line.slice(4).trim();
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells[0] === 'Setting' && cells[1] === 'Default') {
      inTable = true;
      continue;
    }
    if (!inTable || /^-+$/.test(cells[0] ?? '')) continue;
    const unquote = (c: string | undefined) => (c ?? '').replaceAll('`', '');
    rows.push({ section, setting: unquote(cells[0]), specDefault: unquote(cells[1]) });
  }
  return rows;
}

const camel = (snake: string): string => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The spec's way of writing a default, as the value a parsed config holds. */
function specValue(text: string): unknown {
  if (text === 'None') return null;
  if (text === 'True') return true;
  if (text === 'False') return false;
  const quoted = /^"(.*)"$/.exec(text);
  if (quoted) return quoted[1];
  const n = /^([0-9][0-9,]*(?:\.[0-9]+)?)(?: (?:ms|retries))?$/.exec(text);
  if (n) return Number(n[1]!.replaceAll(',', ''));
  throw new Error(`unreadable spec default '${text}'`);
}

const node = TradingNodeConfig.parse({});
const strategy = StrategyConfig.parse({});

/** Where the settings of each spec section live in a parsed config. */
function holderOf(section: string): Record<string, unknown> {
  if (section === '`TradingNodeConfig`') return node;
  if (section === 'ExecutionEngine configuration') return node.execEngine;
  if (section === 'Strategy configuration') return strategy;
  throw new Error(`no config for spec section '${section}'`);
}

const rows = specTables(SPEC);

describe('the spec settings tables', () => {
  it('are all read (7 node + 25 execution engine + 7 strategy settings)', () => {
    const count = (s: string) => rows.filter((r) => r.section === s).length;
    expect(count('`TradingNodeConfig`')).toBe(7);
    expect(count('ExecutionEngine configuration')).toBe(25);
    expect(count('Strategy configuration')).toBe(7);
  });

  it.each(rows)('$section: $setting defaults to $specDefault', ({ section, setting, specDefault }) => {
    const holder = holderOf(section);
    const key = camel(setting);
    expect(Object.keys(holder), `setting ${key} is missing`).toContain(key);
    expect(holder[key]).toEqual(specValue(specDefault));
  });
});

describe('settings the spec shows only in examples or leaves to the reference implementation', () => {
  const defaults: ReadonlyArray<readonly [string, Record<string, unknown>, Record<string, unknown>]> = [
    [
      'cache',
      node.cache,
      {
        database: null,
        encoding: 'msgpack',
        timestampsAsIso8601: false,
        bufferIntervalMs: null,
        useTraderPrefix: true,
        useInstanceId: false,
        flushOnStart: false,
        dropInstrumentsOnReset: true,
        tickCapacity: 10_000,
        barCapacity: 10_000,
      },
    ],
    [
      'messageBus',
      node.messageBus,
      {
        database: null,
        encoding: 'msgpack',
        timestampsAsIso8601: false,
        bufferIntervalMs: null,
        autotrimMins: null,
        useTraderPrefix: true,
        useTraderId: true,
        useInstanceId: false,
        streamsPrefix: 'stream',
        streamPerTopic: false,
        externalStreams: null,
        typesFilter: null,
        heartbeatIntervalSecs: null,
      },
    ],
    [
      'dataEngine',
      node.dataEngine,
      {
        timeBarsBuildWithNoUpdates: true,
        timeBarsTimestampOnClose: true,
        timeBarsSkipFirstNonFullBar: false,
        timeBarsIntervalType: 'left-open',
        validateDataSequence: false,
        bufferDeltas: false,
        externalClients: null,
        debug: false,
        qsize: 100_000,
      },
    ],
    [
      'riskEngine',
      node.riskEngine,
      {
        bypass: false,
        maxOrderSubmitRate: '100/00:00:01',
        maxOrderModifyRate: '100/00:00:01',
        maxNotionalPerOrder: {},
        debug: false,
        qsize: 100_000,
      },
    ],
    [
      'portfolio',
      node.portfolio,
      {
        useMarkPrices: false,
        barUpdates: true,
      },
    ],
    [
      'node (besides the spec table)',
      {
        dataClients: node.dataClients,
        execClients: node.execClients,
        strategies: node.strategies,
        loggingLevel: node.loggingLevel,
      },
      { dataClients: {}, execClients: {}, strategies: [], loggingLevel: 'INFO' },
    ],
  ];

  it.each(defaults)('%s has exactly these defaults', (_name, actual, expected) => {
    expect(actual).toStrictEqual(expected);
  });
});
