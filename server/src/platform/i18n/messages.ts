import en from '../../i18n/en.json' with { type: 'json' };
import zhCN from '../../i18n/zh-CN.json' with { type: 'json' };

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

type Tree = { [k: string]: string | Tree };
const catalogs: Record<Locale, Tree> = { 'zh-CN': zhCN as Tree, en: en as Tree };

/** Looks up a dotted key and fills `{name}` placeholders; falls back to zh-CN, then to the key. */
export function t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const raw = lookup(catalogs[locale], key) ?? lookup(catalogs['zh-CN'], key) ?? key;
  return raw.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Picks the locale from an explicit choice, then Accept-Language; zh-CN is the default. */
export function pickLocale(explicit: string | undefined, acceptLanguage: string | undefined): Locale {
  if (explicit === 'en' || explicit === 'zh-CN') return explicit;
  if (acceptLanguage) {
    for (const part of acceptLanguage.split(',')) {
      const tag = part.split(';')[0]!.trim().toLowerCase();
      if (tag.startsWith('zh')) return 'zh-CN';
      if (tag.startsWith('en')) return 'en';
    }
  }
  return 'zh-CN';
}
