/** Photos to recognise: drop them, watch them being labelled, download the results. */
import { DropZone } from '../../components/DropZone';
import { FaceRegionsExport } from '../export/FaceRegionsExport';
import { NamedFacesOffer } from '../export/NamedFacesOffer';
import { FolderPicker } from '../../components/FolderPicker';
import { useAppState, useController } from '../../state/context';
import { selectHasResults, selectKnownIndex, selectTolerance, selectVisiblePhotos } from '../../state/selectors';
import { isBatchRunning } from '../../state/store';
import { BatchProgress } from './BatchProgress';
import { PhotoGrid } from './PhotoGrid';
import { LabelledScore } from './LabelledScore';
import { ResultsSummary } from './ResultsSummary';
import { ResultsViewControls } from './ResultsViewControls';
import { ResumeOffer } from './ResumeOffer';
import { ToleranceControl } from './ToleranceControl';

export function IdentifyPanel() {
  const controller = useController();
  const photoCount = useAppState((s) => s.photos.ids.length);
  const visible = useAppState(selectVisiblePhotos);
  const index = useAppState(selectKnownIndex);
  const tolerance = useAppState(selectTolerance);
  const hasResults = useAppState(selectHasResults);
  const running = useAppState((s) => isBatchRunning(s.batch));
  const hasResume = useAppState((s) => s.resume.length > 0);

  return (
    <section className="panel panel--wide" aria-labelledby="identify-heading">
      <h2 id="identify-heading">Recognize faces</h2>
      <DropZone
        inputLabel="Photos to recognize"
        title="Drop photos here"
        hint="or click to choose, a whole album if you like. They are analysed on this computer; photos seen before come from the cache. Names already in the photos (or in .xmp sidecars dropped with them) are offered as known people."
        accept="image/*,.xmp"
        onFiles={(files) =>
          controller.addPhotos(
            files.map((f) => f.file),
            files.map((f) => f.path),
          )
        }
      />
      <div className="people__tools">
        <FolderPicker
          inputLabel="Folders of photos to recognize"
          text="Choose a folder…"
          onFiles={(files) =>
            controller.addPhotos(
              files.map((f) => f.file),
              files.map((f) => f.path),
            )
          }
        />
        <span className="people__tools-hint">
          photos in folders named after the people in them (and <code>unknown</code> for strangers) are scored: right, wrong, unknown
        </span>
      </div>
      <ResumeOffer />
      <NamedFacesOffer />
      <ToleranceControl />
      <div className="toolbar">
        <BatchProgress />
        <div className="toolbar__actions">
          <button type="button" className="button button--primary" disabled={!hasResults} onClick={() => controller.downloadCsv()}>
            Download results (CSV)
          </button>
          <button type="button" className="button" disabled={!hasResults} onClick={() => controller.downloadJson()}>
            Download results (JSON)
          </button>
          {(photoCount > 0 || hasResume) && (
            <button type="button" className="button" disabled={running} onClick={() => controller.clearPhotos()}>
              Clear photos
            </button>
          )}
          <button type="button" className="button" onClick={() => void controller.clearCache()}>
            Clear cache
          </button>
        </div>
      </div>
      <FaceRegionsExport />
      <ResultsSummary />
      <LabelledScore />
      {photoCount > 0 && <ResultsViewControls />}
      {photoCount > 0 && visible.length === 0 && <p className="panel__empty">No photo matches this choice.</p>}
      {visible.length > 0 && <PhotoGrid photos={visible} index={index} tolerance={tolerance} />}
    </section>
  );
}
