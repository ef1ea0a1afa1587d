/**
 * The one place that loads the native core. The napi-rs loader picks the addon next to it in a
 * development checkout, else the per-platform package (`kairos-trader-<platform>`).
 * Everything else imports `native` from here; no public type re-exports a binding type.
 */
import { createRequire } from 'node:module';

import type * as Binding from '../native/index.cjs';

const require = createRequire(import.meta.url);

/** The native binding (internal). */
export const native: typeof Binding = require('../native/index.cjs');
