// UI text lives in JSON catalogues, zh-CN first and English second: web/src/i18n/ holds the shared words,
// each face adds its own (web/src/<face>/i18n/). t('a.b', { n: 3 }) looks a dotted key up and fills {n}.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import commonEn from '../i18n/en.json';
import commonZh from '../i18n/zh-CN.json';

export type Locale = 'zh-CN' | 'en';
type Catalog = Record<string, unknown>;
export interface FaceCatalogs { 'zh-CN': Catalog; en: Catalog }
export type TFunction = (key: string, vars?: Record<string, string | number>) => string;

function lookup(cat: Catalog, key: string): string | undefined {
  let cur: unknown = cat;
  for (const part of key.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Catalog)[part];
  }
  return typeof cur === 'string' ? cur : undefined;
}

/**
 * A face's catalogue: its own i18n/ folder merged with every page folder's (`<face>/<area>/i18n/`), so each
 * area keeps its words beside its code. Pass `import.meta.glob('./**\/i18n/*.json', { eager: true, import: 'default' })`.
 */
export function mergeFaceCatalogs(files: Record<string, unknown>): FaceCatalogs {
  const out: FaceCatalogs = { 'zh-CN': {}, en: {} };
  for (const path of Object.keys(files).sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))) {
    const locale = path.endsWith('/zh-CN.json') ? 'zh-CN' : path.endsWith('/en.json') ? 'en' : undefined;
    if (locale) deepMerge(out[locale], files[path] as Catalog);
  }
  return out;
}

function deepMerge(into: Catalog, from: Catalog): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (v && typeof v === 'object' && cur && typeof cur === 'object') deepMerge(cur as Catalog, v as Catalog);
    else into[k] = v;
  }
}

export function makeT(locale: Locale, face?: FaceCatalogs): TFunction {
  const cats: Catalog[] = locale === 'en'
    ? [face?.en ?? {}, commonEn, face?.['zh-CN'] ?? {}, commonZh]
    : [face?.['zh-CN'] ?? {}, commonZh, face?.en ?? {}, commonEn];
  return (key, vars) => {
    let s: string | undefined;
    for (const c of cats) if ((s = lookup(c, key)) !== undefined) break;
    if (s === undefined) {
      if (import.meta.env.DEV) console.warn(`i18n: missing ${key}`);
      return key;
    }
    return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
  };
}

interface I18nValue { locale: Locale; t: TFunction }
const I18nContext = createContext<I18nValue>({ locale: 'zh-CN', t: makeT('zh-CN') });

export function I18nProvider({ locale, face, children }: { locale: Locale; face?: FaceCatalogs; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: makeT(locale, face) }), [locale, face]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): TFunction { return useContext(I18nContext).t; }
export function useLocale(): Locale { return useContext(I18nContext).locale; }

/** Before sign-in: the last choice on this device, else Chinese (a Chinese government system's default). */
export function guessLocale(): Locale {
  const saved = localStorage.getItem('cy-locale');
  return saved === 'en' ? 'en' : 'zh-CN';
}
