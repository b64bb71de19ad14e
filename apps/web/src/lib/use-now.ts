import { useEffect, useState } from 'react';
import { serverNow } from './server-clock';

/** Server time, re-read every `intervalMs` while the component is shown. */
export function useServerNow(intervalMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
