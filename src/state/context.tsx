/** React's view of the store and the controller. */
import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { Controller } from './controller';
import type { AppState, Store } from './store';

interface AppContextValue {
  store: Store;
  controller: Controller;
}

const AppContext = createContext<AppContextValue | null>(null);

export function AppProvider({ store, controller, children }: AppContextValue & { children: ReactNode }) {
  const value = useMemo(() => ({ store, controller }), [store, controller]);
  return <AppContext value={value}>{children}</AppContext>;
}

function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useAppState/useController must be used inside <AppProvider>.');
  return value;
}

/** Subscribes to one slice of state. The selector must return a stable reference for equal input. */
export function useAppState<T>(selector: (state: AppState) => T): T {
  const { store } = useAppContext();
  return useSyncExternalStore((listener) => store.subscribe(listener), () => selector(store.getState()));
}

export function useController(): Controller {
  return useAppContext().controller;
}
