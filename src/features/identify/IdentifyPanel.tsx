/** Photos to recognise: drop them, watch them being labelled, download the results. */
import { DropZone } from '../../components/DropZone';
import { useAppState, useController } from '../../state/context';
import { selectHasResults, selectKnownIndex } from '../../state/selectors';
import { isBatchRunning } from '../../state/store';
import { BatchProgress } from './BatchProgress';
import { PhotoCard } from './PhotoCard';
import { ToleranceControl } from './ToleranceControl';

export function IdentifyPanel() {
  const controller = useController();
  const photos = useAppState((s) => s.photos);
  const index = useAppState(selectKnownIndex);
  const tolerance = useAppState((s) => s.tolerance);
  const hasResults = useAppState(selectHasResults);
  const running = useAppState((s) => isBatchRunning(s.batch));

  return (
    <section className="panel panel--wide" aria-labelledby="identify-heading">
      <h2 id="identify-heading">Recognize faces</h2>
      <DropZone
        inputLabel="Photos to recognize"
        title="Drop photos here"
        hint="or click to choose. They are analysed one by one, on this computer."
        onFiles={(files) =>
          controller.addPhotos(
            files.map((f) => f.file),
            files.map((f) => f.path),
          )
        }
      />
      <ToleranceControl />
      <div className="toolbar">
        <BatchProgress />
        <div className="toolbar__actions">
          <button type="button" className="button button--primary" disabled={!hasResults} onClick={() => controller.downloadCsv()}>
            Download results (CSV)
          </button>
          {photos.length > 0 && (
            <button type="button" className="button" disabled={running} onClick={() => controller.clearPhotos()}>
              Clear photos
            </button>
          )}
        </div>
      </div>
      {photos.length > 0 && (
        <ul className="cards" aria-label="Photos">
          {photos.map((photo) => (
            <PhotoCard key={photo.id} photo={photo} index={index} tolerance={tolerance} />
          ))}
        </ul>
      )}
    </section>
  );
}
