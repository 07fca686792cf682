import { CameraOutlined } from '@ant-design/icons';
import { App, Image } from 'antd';
import { useT } from '../../shared/i18n';
import { preparePhoto, type Photo } from './photos';

const MAX_PHOTOS = 9;

/** Camera / gallery input with previews; each photo shows whether it has been sent. */
export function PhotoPicker({ photos, onChange, disabled, testId }: {
  photos: Photo[];
  onChange(next: Photo[]): void;
  disabled?: boolean;
  testId?: string;
}) {
  const t = useT();
  const { message } = App.useApp();

  async function add(files: FileList | null) {
    if (!files?.length) return;
    const room = MAX_PHOTOS - photos.length;
    if (files.length > room) message.warning(t('photos.tooMany', { n: MAX_PHOTOS }));
    const picked = [...files].slice(0, Math.max(0, room));
    const images = picked.filter((f) => f.type.startsWith('image/') || f.type === '');
    if (images.length < picked.length) message.warning(t('photos.notImage'));
    onChange([...photos, ...await Promise.all(images.map(preparePhoto))]);
  }

  return (
    <div className="m-photos" data-testid={testId}>
      <Image.PreviewGroup>
        {photos.map((p) => (
          <div className="m-photo" key={p.key}>
            <Image src={p.url} alt={p.name} />
            {p.status !== 'done' && !disabled && (
              <button type="button" className="m-photo-remove" aria-label={t('photos.remove')}
                onClick={() => { URL.revokeObjectURL(p.url); onChange(photos.filter((x) => x.key !== p.key)); }}>×</button>
            )}
            {p.status !== 'pending' && <div className={`m-photo-status ${p.status}`}>{t(`photos.status.${p.status}`)}</div>}
          </div>
        ))}
      </Image.PreviewGroup>
      {photos.length < MAX_PHOTOS && !disabled && (
        <label className="m-photo-add">
          <CameraOutlined />
          <span>{t('photos.add')}</span>
          <input type="file" accept="image/*" capture="environment" multiple
            onChange={(e) => { const input = e.currentTarget; void add(input.files).finally(() => { input.value = ''; }); }} />
        </label>
      )}
    </div>
  );
}
