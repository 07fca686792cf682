import { Button, Dropdown, Space, Typography } from 'antd';
import { facesFor } from './faces';
import { useLocale, useT } from './i18n';
import { useSession } from './session';

/** The user's name, the other faces they may open, the language switch and sign-out. */
export function UserMenu({ dark = false }: { dark?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const session = useSession();
  const items = [
    ...facesFor(session.me.permissions).map((f) => ({ key: f.href, label: <a href={f.href}>{t(`faces.${f.key}`)}</a> })),
    { type: 'divider' as const },
    { key: 'lang', label: t('common.switchLanguage'), onClick: () => void session.setLocale(locale === 'en' ? 'zh-CN' : 'en') },
    { key: 'logout', label: t('common.logout'), onClick: () => void session.logout() },
  ];
  return (
    <Dropdown menu={{ items }} trigger={['click']}>
      <Button type="text" style={dark ? { color: '#cfe3ff' } : undefined}>
        <Space><Typography.Text style={dark ? { color: '#cfe3ff' } : undefined}>{session.me.displayName}</Typography.Text>▾</Space>
      </Button>
    </Dropdown>
  );
}
