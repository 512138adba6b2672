import { useSyncExternalStore } from 'react';

/**
 * Light/dark theme. "system" follows prefers-color-scheme through CSS alone
 * (see index.css); an explicit choice is stored and written to
 * <html data-theme="...">, which the CSS tokens key on.
 */
export type ThemePreference = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'opsmanager.theme';
const listeners = new Set<() => void>();

function isPreference(value: unknown): value is ThemePreference {
  return value === 'system' || value === 'light' || value === 'dark';
}

export function readThemePreference(): ThemePreference {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isPreference(stored) ? stored : 'system';
  } catch {
    return 'system'; // storage blocked (privacy mode)
  }
}

export function applyThemePreference(preference: ThemePreference): void {
  const root = document.documentElement;
  if (preference === 'system') delete root.dataset.theme;
  else root.dataset.theme = preference;
}

export function setThemePreference(preference: ThemePreference): void {
  try {
    if (preference === 'system') window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, preference);
  } catch {
    // Not persisted; still applied for this page.
  }
  applyThemePreference(preference);
  listeners.forEach((notify) => notify());
}

function subscribe(notify: () => void): () => void {
  listeners.add(notify);
  // Another tab changed the theme.
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) {
      applyThemePreference(readThemePreference());
      notify();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(notify);
    window.removeEventListener('storage', onStorage);
  };
}

export function useThemePreference(): [ThemePreference, (preference: ThemePreference) => void] {
  const preference = useSyncExternalStore(subscribe, readThemePreference, () => 'system' as const);
  return [preference, setThemePreference];
}
