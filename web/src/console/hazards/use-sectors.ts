// The sectors and their checklists, asked once per page load (they change rarely) and refreshed after an edit.
import { useEffect, useState } from 'react';
import { api, type GetResponse } from '../../shared/api';

export type Checklists = GetResponse<'/api/hazards/checklists'>;
export type Sector = Checklists['sectors'][number];
export type ChecklistLine = Sector['items'][number];

let cached: Promise<Checklists> | null = null;

export function loadChecklists(fresh = false): Promise<Checklists> {
  if (fresh || !cached) {
    cached = api.get<Checklists>('/api/hazards/checklists');
    cached.catch(() => { cached = null; });
  }
  return cached;
}

export function useSectors(): Sector[] {
  const [sectors, setSectors] = useState<Sector[]>([]);
  useEffect(() => { loadChecklists().then((c) => setSectors(c.sectors), () => undefined); }, []);
  return sectors;
}

export const sectorName = (s: Pick<Sector, 'name' | 'nameEn'>, locale: string) => (locale === 'en' ? s.nameEn : s.name);
export const lineTitle = (l: Pick<ChecklistLine, 'title' | 'titleEn'>, locale: string) => (locale === 'en' && l.titleEn ? l.titleEn : l.title);
