import { useCallback, useRef } from 'react';

/**
 * Starts `start` unless the previous start has not settled. A submit button is disabled only
 * once the page renders the pending state, a task later: a double click or a repeated Enter
 * lands in between and would create twice (two API keys, of which the page shows one secret).
 * The error, if any, is the mutation's to show: here it is only waited for.
 */
export function useSingleFlight(): (start: () => Promise<unknown>) => void {
  const running = useRef(false);
  return useCallback((start: () => Promise<unknown>) => {
    if (running.current) return;
    running.current = true;
    start()
      .catch(() => undefined)
      .finally(() => {
        running.current = false;
      });
  }, []);
}
