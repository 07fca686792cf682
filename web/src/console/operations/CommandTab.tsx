import { EditOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { api } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { showFieldErrors } from '../lib/http';
import { KindTag, postTree, type Operation, type Post } from './format';

type PersonForm = { name?: string; phone?: string };

const person = (p: PersonForm | undefined) => (p?.name?.trim() ? { name: p.name.trim(), phone: p.phone?.trim() || null } : null);

function PostDialog({ op, post, onClose, onSaved }: { op: Operation; post: Post; onClose(): void; onSaved(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ person: PersonForm; deputy: PersonForm }>();
  const [saving, setSaving] = useState(false);
  async function save() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      // A cleared name removes the person; the account link stays as it was unless the name changes.
      const keep = (was: Post['person'], now: ReturnType<typeof person>) => (now && was && was.name === now.name ? { ...now, userId: was.userId } : now);
      await api.patch(`/api/operations/${op.id}/posts/${post.id}`, { person: keep(post.person, person(v.person)), deputy: keep(post.deputy, person(v.deputy)) });
      message.success(t('operations.post.saved'));
      onSaved();
    } catch (e) {
      if (!showFieldErrors(form, e, ['person', 'deputy'])) message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  }
  const phone = [{ pattern: /^[0-9+\-() ]{3,20}$/, message: t('operations.post.badPhone') }];
  return (
    <Modal open title={t('operations.post.edit', { name: post.name })} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ person: post.person ?? {}, deputy: post.deputy ?? {} }}>
        {(['person', 'deputy'] as const).map((k) => (
          <Space key={k} align="start" style={{ display: 'flex' }}>
            <Form.Item name={[k, 'name']} label={t(`operations.post.${k}`)} rules={[{ max: 40 }]} style={{ width: 200 }}><Input maxLength={40} /></Form.Item>
            <Form.Item name={[k, 'phone']} label={t('operations.post.phone')} rules={phone} style={{ width: 200 }}><Input maxLength={20} /></Form.Item>
          </Space>
        ))}
      </Form>
    </Modal>
  );
}

/** 指挥体系: the post tree (区指挥部 → 现场指挥部 / 工作专班 → 街道分指挥部), each post's person and deputy, editable where I manage. */
export function CommandTab({ op, onChanged }: { op: Operation; onChanged(): void }) {
  const t = useT();
  const [editing, setEditing] = useState<Post | null>(null);
  const rows = useMemo(() => postTree(op.postTree), [op.postTree]);
  const who = (p: Post['person']) => (p ? <span>{p.name}<Typography.Text type="secondary" style={{ marginLeft: 6 }}>{p.phone ?? ''}</Typography.Text></span> : null);
  const columns: ColumnsType<Post> = [
    { title: t('operations.post.name'), dataIndex: 'name', width: 340, render: (n: string, p) => <span style={{ whiteSpace: 'nowrap' }}><KindTag kind={p.kind} t={t} /> {n}</span> },
    { title: t('operations.post.unit'), dataIndex: 'unitName', width: 170, ellipsis: true },
    {
      title: t('operations.post.person'), dataIndex: 'person', width: 180,
      render: (p: Post['person']) => who(p) ?? <Typography.Text type="danger"><WarningOutlined /> {t('operations.post.unstaffed')}</Typography.Text>,
    },
    { title: t('operations.post.deputy'), dataIndex: 'deputy', width: 180, render: (p: Post['deputy']) => who(p) ?? '—' },
    { title: t('operations.post.openTasks'), dataIndex: 'openTasks', width: 72, align: 'right' },
    { title: t('operations.post.overdue'), dataIndex: 'overdueTasks', width: 72, align: 'right', render: (n: number) => (n ? <Typography.Text type="danger" strong>{n}</Typography.Text> : 0) },
    { title: t('operations.post.onDuty'), dataIndex: 'onDuty', width: 72, align: 'right' },
    { title: t('operations.post.gaps'), dataIndex: 'gaps', width: 72, align: 'right', render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0) },
    {
      title: '', width: 56, align: 'center',
      render: (_: unknown, p) => (p.canManage ? <Button size="small" type="link" icon={<EditOutlined />} aria-label={t('operations.post.edit', { name: p.name })} onClick={() => setEditing(p)} /> : null),
    },
  ];
  return (
    <>
      <Table<Post> size="small" bordered rowKey="id" columns={columns} dataSource={rows as Post[]} pagination={false} scroll={{ x: 1100 }}
        expandable={{ defaultExpandAllRows: true }} rowClassName={(p) => (!p.person ? 'cy-row-yellow' : '')}
        locale={{ emptyText: t('operations.post.empty') }} />
      {editing && <PostDialog op={op} post={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); onChanged(); }} />}
    </>
  );
}
