// Who is signed in. Every face mounts inside <SessionGate>: it loads /api/auth/me once, sends a visitor
// without a session to the sign-in page (back to this page afterwards) and gives the face `can(permission)`.
import { Result, Spin } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setApiLocale } from './api';
import type { GetResponse } from './api';
import type { Locale } from './i18n';

export type Me = GetResponse<'/api/auth/me'>;

export interface Session {
  me: Me;
  can(permission: string): boolean;
  /** Changes the language and remembers it for this user on the server. */
  setLocale(locale: Locale): Promise<void>;
  logout(): Promise<void>;
  /** Unit codes the user holds grants at (their scope roots). */
  unitCodes: string[];
  hasRole(...roles: string[]): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside <SessionGate>');
  return s;
}

export async function logout(): Promise<void> {
  await api.post('/api/auth/logout').catch(() => undefined);
  location.assign('/');
}

export function SessionGate({ children, permission, onLocale }: {
  children: ReactNode;
  /** The face's entry permission (or any one of several): without it the user sees a 403 page instead of the face. */
  permission?: string | readonly string[];
  onLocale(locale: Locale): void;
}) {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    api.get<Me>('/api/auth/me').then((m) => {
      setApiLocale(m.locale);
      localStorage.setItem('cy-locale', m.locale);
      onLocale(m.locale);
      setMe(m);
    }, (e: ApiError) => setError(e));
  }, [onLocale]);

  const setLocale = useCallback(async (locale: Locale) => {
    await api.put('/api/auth/me/locale', { locale });
    localStorage.setItem('cy-locale', locale);
    setApiLocale(locale);
    onLocale(locale);
    setMe((m) => (m ? { ...m, locale } : m));
  }, [onLocale]);

  const session = useMemo<Session | null>(() => me && {
    me,
    can: (p) => me.permissions.includes(p),
    setLocale,
    logout,
    unitCodes: [...new Set(me.grants.map((g) => g.unitCode))],
    hasRole: (...roles) => me.grants.some((g) => roles.includes(g.role)),
  }, [me, setLocale]);

  if (error) return <Result status="error" title={error.message} />;
  if (!session) return <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}><Spin size="large" /></div>;
  const entry = permission === undefined ? [] : typeof permission === 'string' ? [permission] : permission;
  if (entry.length && !entry.some((p) => session.can(p))) return <Result status="403" title="403" subTitle={session.me.locale === 'en' ? 'This account may not use this page' : '当前账号无权使用此页面'} />;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
