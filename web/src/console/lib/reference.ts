// Small reference tables the console needs on many pages, loaded once per page view and shared:
// street names (from the streets map layer, which every role may read), dispatch targets and categories.
import { useEffect, useState } from 'react';
import { api, type GetResponse } from '../../shared/api';

export type Unit = GetResponse<'/api/units'>['items'][number];
export type Category = GetResponse<'/api/categories'>['items'][number];
export type CategoriesResponse = GetResponse<'/api/categories'>;

export interface StreetFeature {
  type: 'Feature';
  properties: { code: string; name: string; nameEn?: string; approximate?: boolean };
  geometry: unknown;
}
export interface StreetLayer { type: 'FeatureCollection'; features: StreetFeature[] }

const cache = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    // A failed load is retried next time instead of being remembered.
    p.catch(() => cache.delete(key));
  }
  return p;
}

export const loadStreets = () => once('streets', () => api.get<StreetLayer>('/api/geo/streets'));
// The grid layer is the one source of grid names every role may read (the unit list is scoped).
export const loadGrids = () => once('grids', () => api.get<StreetLayer>('/api/geo/grids'));
export const loadCategories = () => once('categories', () => api.get<CategoriesResponse>('/api/categories', { active: 'true' }));

/** Units a case can be dispatched to: departments, streets and task forces (the server checks the same). */
export const loadDispatchUnits = () => once('dispatch-units', async () => {
  const kinds = ['department', 'street', 'task_force'] as const;
  const pages = await Promise.all(kinds.map((kind) => api.get<GetResponse<'/api/units'>>('/api/units', { kind, limit: 500 })));
  return pages.flatMap((p) => p.items).filter((u) => u.active);
});

/** The value of a loader, or null until it arrives (errors leave it null: callers fall back to codes). */
export function useLoaded<T>(load: () => Promise<T>): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let live = true;
    load().then((v) => { if (live) setValue(v); }, () => undefined);
    return () => { live = false; };
  }, [load]);
  return value;
}

/** code → name of the streets (or grids), in the user's language. */
export function useStreetNames(locale: string, load: () => Promise<StreetLayer> = loadStreets): Map<string, string> {
  const layer = useLoaded(load);
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => {
    if (layer) setNames(new Map(layer.features.map((f) => [f.properties.code, (locale === 'en' && f.properties.nameEn) || f.properties.name])));
  }, [layer, locale]);
  return names;
}

export const useGridNames = (locale: string) => useStreetNames(locale, loadGrids);

/** Unit name in the user's language. */
export const unitName = (u: { name: string; nameEn: string | null }, locale: string) => (locale === 'en' && u.nameEn) || u.name;
