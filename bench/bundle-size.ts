import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { BenchResult, Cell, Target } from './lib/report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = join(ROOT, 'web');
const FACES = [
  { face: 'login', html: 'index.html' },
  { face: 'screen', html: 'screen.html' },
  { face: 'console', html: 'console.html' },
  { face: 'mobile', html: 'm.html' },
] as const;
const MOBILE_TARGET_GZIP = 500 * 1024;

export interface PageWeight { files: string[]; raw: number; gzip: number; cssRaw: number; cssGzip: number }

/** The JS (module script + modulepreloads) and CSS one built HTML page loads, raw and gzip (zlib level 9). */
export function pageWeight(distDir: string, htmlFile: string): PageWeight {
  const html = readFileSync(join(distDir, htmlFile), 'utf8');
  const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1];
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  const js = new Set<string>();
  const css = new Set<string>();
  for (const tag of tags) {
    if (tag.startsWith('<script') && /type="module"/.test(tag)) { const src = attr(tag, 'src'); if (src) js.add(src); }
    if (tag.startsWith('<link') && /rel="modulepreload"/.test(tag)) { const href = attr(tag, 'href'); if (href) js.add(href); }
    if (tag.startsWith('<link') && /rel="stylesheet"/.test(tag)) { const href = attr(tag, 'href'); if (href) css.add(href); }
  }
  const weigh = (urls: Set<string>) => [...urls].reduce((acc, url) => {
    const bytes = readFileSync(join(distDir, url.replace(/^\//, '')));
    return { raw: acc.raw + bytes.length, gzip: acc.gzip + gzipSync(bytes, { level: 9 }).length };
  }, { raw: 0, gzip: 0 });
  const j = weigh(js);
  const c = weigh(css);
  return { files: [...js].map((u) => u.replace(/^\/assets\//, '')), raw: j.raw, gzip: j.gzip, cssRaw: c.raw, cssGzip: c.gzip };
}

/** Baseline: a page that only mounts React 19 (react + react-dom/client), built by the same Vite. */
async function reactAlone(): Promise<PageWeight> {
  mkdirSync(join(ROOT, 'var'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'var', 'bundle-baseline-'));
  try {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="./main.js"></script>\n');
    writeFileSync(join(dir, 'main.js'), "import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\n" +
      "createRoot(document.getElementById('root')).render(createElement('p', null, 'hello'));\n");
    await build({ root: dir, logLevel: 'silent', configFile: false, build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
    return pageWeight(join(dir, 'dist'), 'index.html');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult> {
  const t0 = performance.now();
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(join(WEB, 'dist', '.built'), new Date().toISOString());
  const buildMs = performance.now() - t0;
  const baseline = await reactAlone();
  const kb = (n: number) => Math.round(n / 102.4) / 10;
  const weights = Object.fromEntries(FACES.map((f) => [f.face, pageWeight(join(WEB, 'dist'), f.html)]));
  const rows: Cell[][] = [
    ...FACES.map(({ face, html }) => {
      const w = weights[face]!;
      return [face, html, w.files.length, kb(w.raw), kb(w.gzip), Math.round((w.gzip / baseline.gzip) * 100) / 100, kb(w.cssGzip)] as Cell[];
    }),
    ['baseline', 'react + react-dom alone', baseline.files.length, kb(baseline.raw), kb(baseline.gzip), 1, kb(baseline.cssGzip)],
  ];
  const mobile = weights.mobile!;
  const targets: Target[] = [{
    description: 'mobile face (m.html) JS < 500 KB gzip',
    actual: `${kb(mobile.gzip)} KiB gzip (${kb(mobile.raw)} KiB raw)`,
    pass: mobile.gzip < MOBILE_TARGET_GZIP,
  }];
  return {
    name: 'bundle-size',
    title: 'web faces: JavaScript each page loads',
    measures: 'A production build of web/ (vite, the same config `npm run build:web` uses); for each face\'s HTML page, every JS file it ' +
      'loads up front (its module script and modulepreload links, i.e. the static import graph) summed raw and gzip (zlib level 9); ' +
      'CSS gzip shown apart. Baseline: a page that only mounts React 19 (react + react-dom/client) built by the same Vite; the ratio ' +
      'is face gzip / baseline gzip.',
    tables: [{
      title: 'bundle-size (KiB)', columns: ['face', 'page', 'JS files', 'JS raw', 'JS gzip', 'gzip ratio to baseline', 'CSS gzip'], rows,
    }],
    targets,
    notes: [`build took ${Math.round(buildMs / 100) / 10} s; lazily imported chunks (if a face adds any) are not counted.`],
    data: { weights, baseline, buildMs },
  };
}
