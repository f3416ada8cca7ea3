import { useAppState } from '../state/context';

/** One line on the face models: loading, ready on which backend, or failed. */
export function EngineStatus() {
  const engine = useAppState((s) => s.engine);
  const runs = useAppState((s) => s.modelRuns);
  const analysed = ` · ${runs} ${runs === 1 ? 'photo' : 'photos'} analysed`;
  switch (engine.status) {
    case 'loading':
      return (
        <p className="engine engine--loading" data-testid="engine-status" data-state="loading" data-model-runs={runs} role="status">
          Loading models…
        </p>
      );
    case 'ready': {
      const title = engine.renderer ? `${engine.reason} (${engine.renderer})` : engine.reason;
      return (
        <p className="engine engine--ready" data-testid="engine-status" data-state="ready" data-backend={engine.backend} data-model-runs={runs} title={title} role="status">
          Backend: {engine.backend} · models ready in {Math.round(engine.loadMs)} ms
          {analysed}
        </p>
      );
    }
    case 'failed':
      return (
        <p className="engine engine--failed" data-testid="engine-status" data-state="failed" data-model-runs={runs} role="alert">
          The face models couldn't load, so photos can't be analysed: {engine.message}. Try reloading the page.
        </p>
      );
  }
}
