import { useEffect } from 'react';

/** Each page names itself, so tabs, history and screen readers say where the fan is. */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Limited Run` : 'Limited Run';
  }, [title]);
}
