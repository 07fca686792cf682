// Mounts a face: antd in the user's language (zh_CN by default), dayjs locale, the session gate and
// the face's own catalogue. `dark` gives the big screen its theme.
import { App as AntApp, ConfigProvider, theme as antTheme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, useCallback, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { setApiLocale } from './api';
import { guessLocale, I18nProvider, type FaceCatalogs, type Locale } from './i18n';
import { SessionGate } from './session';

export function mountFace(opts: {
  face: FaceCatalogs;
  /** Permission needed to use the face at all (403 page otherwise). */
  permission?: string | readonly string[];
  dark?: boolean;
  /** false for the sign-in page, which has no session yet. */
  needsSession?: boolean;
  render(ctx: { setLocale(l: Locale): void }): ReactNode;
}): void {
  function Root() {
    const [locale, setLocale] = useState<Locale>(guessLocale());
    const onLocale = useCallback((l: Locale) => {
      setLocale(l);
      dayjs.locale(l === 'en' ? 'en' : 'zh-cn');
      document.documentElement.lang = l;
    }, []);
    setApiLocale(locale);
    dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
    const body = opts.needsSession === false
      ? opts.render({ setLocale: onLocale })
      : <SessionGate permission={opts.permission} onLocale={onLocale}>{opts.render({ setLocale: onLocale })}</SessionGate>;
    return (
      <ConfigProvider
        locale={locale === 'en' ? enUS : zhCN}
        theme={{ algorithm: opts.dark ? antTheme.darkAlgorithm : antTheme.defaultAlgorithm, token: { colorPrimary: '#1677ff', borderRadius: 4 } }}
      >
        <AntApp>
          <I18nProvider locale={locale} face={opts.face}>{body}</I18nProvider>
        </AntApp>
      </ConfigProvider>
    );
  }
  createRoot(document.getElementById('root')!).render(<StrictMode><Root /></StrictMode>);
}
