import { useCallback, useSyncExternalStore } from 'react';
import { countryOfLocale } from '../lib/countries';

// Where the fan wants things sent: guessed from the browser's languages until they choose, then
// remembered in this browser (localStorage; it is a preference, not an account setting, and is
// known before anyone signs in). Every drop and hold page reads the same choice.

const KEY = 'limited-run:ship-to';
const listeners = new Set<() => void>();
/** The choice when storage is refused (private mode, a policy): it lasts as long as the page. */
let memory: string | null = null;

function stored(): string | null {
  try {
    return window.localStorage.getItem(KEY) ?? memory;
  } catch {
    return memory;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab chose: follow it.
  const onStorage = (event: StorageEvent) => {
    if (event.key === KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The country to price shipping for (ISO 3166-1 alpha-2) and how to change it. */
export function useShipTo(): { country: string | undefined; choose: (country: string) => void } {
  const chosen = useSyncExternalStore(subscribe, stored, () => null);
  const choose = useCallback((country: string) => {
    memory = country;
    try {
      window.localStorage.setItem(KEY, country);
    } catch {
      // kept in memory above
    }
    for (const listener of listeners) listener();
  }, []);
  return { country: chosen ?? countryOfLocale(navigator.languages ?? []), choose };
}
