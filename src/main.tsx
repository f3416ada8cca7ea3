import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import type { FaceClient } from './ml/client';
import { backendFromQuery, createFaceClient } from './ml/client';
import { openFacewiseStore } from './storage/db';
import { AppProvider } from './state/context';
import { createController } from './state/controller';
import { createStore } from './state/store';
import './styles.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('Facewise: #root element is missing from index.html.');

/** The worker client; if the worker can't even start, a client whose models never load. */
function startFaceClient(): FaceClient {
  try {
    return createFaceClient(backendFromQuery(location.search));
  } catch (error) {
    const failed = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    failed.catch(() => undefined);
    return { ready: failed, analyze: () => failed, terminate: () => undefined };
  }
}

const store = createStore();
const controller = createController({
  store,
  client: startFaceClient(),
  openStore: () => openFacewiseStore(),
});
controller.start();

createRoot(rootElement).render(
  <StrictMode>
    <ErrorBoundary>
      <AppProvider store={store} controller={controller}>
        <App />
      </AppProvider>
    </ErrorBoundary>
  </StrictMode>,
);
