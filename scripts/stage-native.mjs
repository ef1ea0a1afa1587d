// Copies the freshly built addon into its per-platform package (npm/<platform>/), the package
// that users install as an optionalDependency. The local copy in native/ stays for development:
// the generated loader prefers a file next to it.
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
for (const file of readdirSync(join(root, 'native'))) {
  const m = /^kairos\.(.+)\.node$/.exec(file);
  if (!m) continue;
  const dir = join(root, 'npm', m[1]);
  if (!existsSync(dir)) throw new Error(`no platform package folder npm/${m[1]} for ${file}`);
  copyFileSync(join(root, 'native', file), join(dir, file));
}
