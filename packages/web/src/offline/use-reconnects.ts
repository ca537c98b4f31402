import { useEffect, useState } from 'react';

/** Counts the browser's "back online" events: a page showing offline copies fetches fresh data on each. */
export function useReconnects(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const back = () => setCount((n) => n + 1);
    window.addEventListener('online', back);
    return () => window.removeEventListener('online', back);
  }, []);
  return count;
}
