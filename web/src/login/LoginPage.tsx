import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, setApiLocale } from '../shared/api';
import type { PostResponse } from '../shared/api';
import { homeFor } from '../shared/faces';
import { useLocale, useT } from '../shared/i18n';

type LoginResponse = PostResponse<'/api/auth/login'>;

/** One sign-in for all faces; afterwards the user goes back where they came from, or to their face. */
export function LoginPage({ onLocale }: { onLocale(l: 'zh-CN' | 'en'): void }) {
  const t = useT();
  const locale = useLocale();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      const me = await api.post<LoginResponse>('/api/auth/login', values);
      localStorage.setItem('cy-locale', me.locale);
      setApiLocale(me.locale);
      const next = new URLSearchParams(location.search).get('next');
      const safeNext = next && next.startsWith('/') && !next.startsWith('//') ? next : null;
      location.assign(safeNext ?? homeFor(me.permissions, me.grants.map((g) => g.role)));
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.formFields() as never);
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: 'linear-gradient(135deg,#0b2a5b,#1677ff)' }}>
      <Card style={{ width: 360, maxWidth: '92vw' }}>
        <Space direction="vertical" size={4} style={{ width: '100%', marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('app.fullName')}</Typography.Title>
          <Typography.Text type="secondary">{t('loginPage.subtitle')}</Typography.Text>
        </Space>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.required', { field: t('login.username') }) }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('login.submit')}</Button>
        </Form>
        <Space style={{ marginTop: 12, width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('loginPage.demo')}</Typography.Text>
          <Button type="link" size="small" onClick={() => { const l = locale === 'en' ? 'zh-CN' : 'en'; localStorage.setItem('cy-locale', l); onLocale(l); }}>
            {t('common.switchLanguage')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}
