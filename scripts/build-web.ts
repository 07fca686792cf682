// npm run build:web — the production build of the web faces into web/dist. With --if-stale (used by
// `npm start` and the browser tests) it only builds when a source file is newer than the last build.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const WEB = fileURLToPath(new URL('../web', import.meta.url));
const STAMP = join(WEB, 'dist', '.built');

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(STAMP) && statSync(STAMP).mtimeMs >= newest(WEB)) {
  console.log('web faces are up to date (web/dist)');
} else {
  const started = Date.now();
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: ifStale ? 'warn' : 'info' });
  writeFileSync(STAMP, new Date().toISOString());
  console.log(`web faces built into web/dist in ${Date.now() - started} ms`);
}
