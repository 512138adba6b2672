import type { AssetFilter } from './api';

const KEY = 'opsmanager.assets.views';

export interface SavedView {
  name: string;
  filter: AssetFilter;
}

/** The asset list's saved views, kept in this browser. */
export function loadViews(): SavedView[] {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(raw) ? (raw as SavedView[]).filter((v) => typeof v?.name === 'string' && typeof v.filter === 'object') : [];
  } catch {
    return [];
  }
}

/** Saves (or replaces) the view called name. */
export function saveView(name: string, filter: AssetFilter): SavedView[] {
  const views = [...loadViews().filter((v) => v.name !== name), { name, filter }].sort((a, b) => a.name.localeCompare(b.name));
  localStorage.setItem(KEY, JSON.stringify(views));
  return views;
}
