/**
 * Kairos: the public API. Everything is re-exported by explicit name.
 */
import { native } from './native.js';

/** Version of the loaded native core. */
export const coreVersion: () => string = native.coreVersion;
