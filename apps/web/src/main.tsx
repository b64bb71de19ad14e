import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isApiError } from './api/api-error';
import { App } from './app';
import { session } from './auth/session';
import './ui/styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Live data arrives from event streams into this cache; nothing polls by default.
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // 429/503 are already retried inside fetch (honouring Retry-After); a 4xx will not mend.
      retry: (count, error) => count < 1 && !(isApiError(error) && error.status < 500),
    },
  },
});

void session.restore();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
