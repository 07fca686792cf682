import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogs } from './messages.js';

// Every text exists in Chinese and English: the server's merged catalogue and every web catalogue pair.
function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k)).sort();
}

function catalogueFolders(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = `${dir}/${name}`;
    if (!statSync(full).isDirectory() || name === 'node_modules' || name === 'dist') continue;
    if (name === 'i18n') out.push(full);
    else out.push(...catalogueFolders(full));
  }
  return out;
}

describe('i18n catalogues', () => {
  it('the server catalogue has the same keys in zh-CN and en', () => {
    expect(keys(catalogs.en)).toEqual(keys(catalogs['zh-CN']));
  });

  const root = fileURLToPath(new URL('../../../..', import.meta.url));
  for (const folder of [...catalogueFolders(`${root}/web/src`), ...catalogueFolders(`${root}/server/src/modules`)]) {
    it(`${folder.slice(root.length + 1)} has the same keys in zh-CN and en`, () => {
      const read = (l: string) => JSON.parse(readFileSync(`${folder}/${l}.json`, 'utf8')) as unknown;
      expect(keys(read('en'))).toEqual(keys(read('zh-CN')));
    });
  }
});
