import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import type { FaceClient, FaultHooks } from './ml/client';
import { backendFromQuery, createFaceClient, poolSizeFrom } from './ml/client';
import { registerOffline } from './app/offline';
import { openFacewiseStoreOrMemory } from './storage/db';
import { AppProvider } from './state/context';
import { createController } from './state/controller';
import { createStore } from './state/store';
import { createGroupingClient } from './grouping/client';
import './styles.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('Facewise: #root element is missing from index.html.');

/** The worker client; if the worker can't even start, a client whose models never load. */
function startFaceClient(): FaceClient & FaultHooks {
  try {
    // A pool of workers (one per core, `?workers=N` overrides): photos are analysed several at once.
    return createFaceClient(backendFromQuery(location.search), poolSizeFrom(location.search, navigator.hardwareConcurrency));
  } catch (error) {
    const failed = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    failed.catch(() => undefined);
    return {
      ready: failed,
      concurrency: () => 1,
      analyze: () => failed,
      memory: () => failed,
      loseWebglContext: () => failed,
      terminate: () => undefined,
      injectFault: () => undefined,
      workersStarted: () => 0,
      workerFetch: () => failed,
    };
  }
}

const store = createStore();
const client = startFaceClient();
// Browser tests simulate a GPU reset, a hung or crashing worker and a worker's foreign request through
// these hooks (bench:throughput reads the workers' memory); they only exist when the URL asks for them (no control in the UI reaches them).
if (new URLSearchParams(location.search).has('test-hooks')) {
  Object.assign(window, {
    facewiseTestHooks: {
      loseWebglContext: () => client.loseWebglContext(),
      injectFault: (kind: 'hang' | 'crash', file: string, times = 1) => client.injectFault({ kind, file }, times),
      workersStarted: () => client.workersStarted(),
      workerFetch: (url: string) => client.workerFetch(url),
      engineMemory: () => client.memory(),
    },
  });
}
const controller = createController({
  store,
  client,
  // Groups the faces nobody knows, off the main thread.
  grouping: createGroupingClient(),
  // Where IndexedDB can't be opened (some private windows) known people live in memory only; the
  // controller says so.
  openStore: async () => {
    const { store: storage, openError } = await openFacewiseStoreOrMemory();
    if (openError !== null) console.warn('Facewise: IndexedDB unavailable, keeping known people in memory', openError);
    return storage;
  },
});
controller.start();
// The service worker (offline copy of the app); see ./app/offline.ts.
registerOffline();

createRoot(rootElement).render(
  <StrictMode>
    <ErrorBoundary>
      <AppProvider store={store} controller={controller}>
        <App />
      </AppProvider>
    </ErrorBoundary>
  </StrictMode>,
);
