/** What this app stores in the browser (the analysis cache's size), and erasing it all after an in-page confirmation. */
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useAppState, useController } from '../../state/context';
import { isBatchRunning } from '../../state/store';
import type { Persistence } from '../../state/store';
import { describeAnalysisCache } from './format';

const PERSISTENCE_TEXT: Record<Persistence, string> = {
  unknown: 'Storage is best-effort until you add a person: Facewise then asks the browser to keep it.',
  granted: 'Storage is persistent: the browser will not clear it to free disk space.',
  denied:
    'Storage is best-effort: the browser declined to make it persistent and may clear it when disk space runs low. Export your known people to keep a copy.',
  unsupported: "This browser can't make storage persistent: it may clear it when disk space runs low. Export your known people to keep a copy.",
};

export function EraseEverything() {
  const controller = useController();
  const running = useAppState((s) => isBatchRunning(s.batch));
  const [asking, setAsking] = useState(false);
  const persistence = useAppState((s) => s.storagePersistence);
  const cache = useAppState((s) => s.analysisCache);
  return (
    <section className="panel panel--erase" aria-labelledby="erase-heading">
      <h2 id="erase-heading">Your data</h2>
      <p className="panel__hint">
        Everything stays in this browser: known people, results, the cache of analysed photos, settings and the offline copy of the app.
      </p>
      {cache && (
        <p className="panel__hint" data-testid="analysis-cache-size" data-count={cache.count}>
          {describeAnalysisCache(cache)}
        </p>
      )}
      <p className="panel__hint" data-testid="storage-persistence" data-state={persistence}>
        {PERSISTENCE_TEXT[persistence]}
      </p>
      <button type="button" className="button button--danger" disabled={running} onClick={() => setAsking(true)}>
        Erase everything
      </button>
      {asking && (
        <ConfirmDialog
          title="Erase everything?"
          testId="erase-dialog"
          actions={[
            {
              label: 'Yes, erase everything',
              danger: true,
              onClick: () => {
                setAsking(false);
                void controller.manage.eraseEverything();
              },
            },
          ]}
          onCancel={() => setAsking(false)}
        >
          <p>Known people, results, the analysis cache, settings and the offline copy are deleted from this browser. This can't be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
