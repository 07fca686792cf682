// The report being typed, and after submit the case it created, kept in memory and in sessionStorage:
// on a weak link a photo may fail after the case exists, and the worker must be able to retry (even
// after the page reloads) without typing again or creating the case twice.
import { blobToDataUrl, dataUrlToBlob, type Photo } from '../common/photos';
import type { LocationValue } from './LocationField';

export interface ReportValues {
  categoryCode?: string;
  description?: string;
  address?: string;
  location?: LocationValue | null;
}

export interface CreatedCase { id: string; ref: string; gridCode: string; duplicates: string[] }

export interface Draft {
  values: ReportValues;
  created: CreatedCase | null;
  photos: Photo[];
  /** Photos that could not be kept over a reload (too big for sessionStorage): to be taken again. */
  lostPhotos: number;
}

interface StoredPhoto { key: string; name: string; status: Photo['status']; data?: string }
interface Stored { values: ReportValues; created: CreatedCase | null; photos: StoredPhoto[] }

const KEY = 'cy-m-report-draft';
// sessionStorage holds about 5 MB per origin: keep photo bytes only while they fit comfortably.
const KEEP_BYTES = 3.5 * 1024 * 1024;

let memory: Draft | null = null;
const dataUrls = new Map<string, string>();

export const emptyDraft = (): Draft => ({ values: {}, created: null, photos: [], lostPhotos: 0 });

export function saveDraft(d: Draft): void {
  memory = d;
  void persist(d);
}

async function persist(d: Draft): Promise<void> {
  const open = d.photos.filter((p) => p.status !== 'done');
  let budget = KEEP_BYTES;
  for (const p of open) {
    if (!dataUrls.has(p.key) && p.blob.size < budget) dataUrls.set(p.key, await blobToDataUrl(p.blob).catch(() => ''));
    budget -= p.blob.size * 1.37;
  }
  if (memory !== d) return; // a newer draft was saved meanwhile
  const stored: Stored = {
    values: d.values, created: d.created,
    photos: open.map((p) => ({ key: p.key, name: p.name, status: p.status === 'uploading' ? 'pending' : p.status, data: dataUrls.get(p.key) || undefined })),
  };
  try {
    sessionStorage.setItem(KEY, JSON.stringify(stored));
  } catch {
    // Over the quota: keep the typed text and the created case, which matter most.
    sessionStorage.setItem(KEY, JSON.stringify({ ...stored, photos: stored.photos.map(({ data: _d, ...p }) => p) }));
  }
}

/** The draft of this tab: from memory, else rebuilt from sessionStorage after a reload. */
export async function loadDraft(): Promise<Draft> {
  if (memory) return memory;
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return emptyDraft();
  try {
    const s = JSON.parse(raw) as Stored;
    const photos: Photo[] = [];
    let lost = 0;
    for (const p of s.photos) {
      if (!p.data) { lost++; continue; }
      const blob = await dataUrlToBlob(p.data);
      dataUrls.set(p.key, p.data);
      photos.push({ key: p.key, name: p.name, blob, url: URL.createObjectURL(blob), status: p.status === 'failed' ? 'failed' : 'pending' });
    }
    memory = { values: s.values ?? {}, created: s.created ?? null, photos, lostPhotos: lost };
    return memory;
  } catch {
    return emptyDraft();
  }
}

export function clearDraft(): void {
  memory = null;
  dataUrls.clear();
  sessionStorage.removeItem(KEY);
}
