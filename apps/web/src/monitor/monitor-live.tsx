import { createContext, type ReactNode, useContext } from 'react';
import { useMonitorStream } from './hooks/monitor';

const LiveContext = createContext<{ connected: boolean }>({ connected: false });

/** Opens the monitor's one stream for the whole area; pages read whether it is connected. */
export function MonitorLiveProvider({ children }: { children: ReactNode }) {
  const live = useMonitorStream();
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export const useMonitorLive = () => useContext(LiveContext);
