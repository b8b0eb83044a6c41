import { useCallback, useEffect, useState } from 'react';
import { api, messageOf } from './api.js';

/** The state of one GET: loading, its data, or the error in words. */
export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly data: T };

/** Loads `path` (null: nothing yet) and reloads when it changes or `reload` is called. */
export function useApi<T>(path: string | null): [Loaded<T>, () => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick forces a reload
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setResult({ state: 'loading' });
    api<T>(path).then(
      (data) => live && setResult({ state: 'ready', data }),
      (error: unknown) => live && setResult({ state: 'error', message: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  return [result, useCallback(() => setTick((t) => t + 1), [])];
}
