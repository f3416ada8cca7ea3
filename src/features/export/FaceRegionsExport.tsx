/**
 * Names that travel, out: the faces of the results as XMP sidecars that digiKam, Lightroom, Immich and
 * ExifTool read — a zip anywhere, or straight into a folder where the browser can write one (Chromium).
 */
import { useId, useState } from 'react';
import { useAppState, useController } from '../../state/context';
import { selectHasResults } from '../../state/selectors';

export function FaceRegionsExport() {
  const controller = useController();
  const hasResults = useAppState(selectHasResults);
  const [includeUnknown, setIncludeUnknown] = useState(false);
  const id = useId();
  return (
    <div className="regions" role="group" aria-labelledby={`${id}-title`}>
      <span id={`${id}-title`} className="regions__title">
        Face regions for photo managers
      </span>
      <span className="setting--check">
        <input id={id} type="checkbox" checked={includeUnknown} onChange={(e) => setIncludeUnknown(e.currentTarget.checked)} />
        <label htmlFor={id}>Include unknown faces</label>
      </span>
      <button
        type="button"
        className="button"
        disabled={!hasResults}
        onClick={() => void controller.regions.downloadZip(includeUnknown)}
      >
        Download face regions (XMP)
      </button>
      {controller.regions.canWriteToFolder() && (
        <button
          type="button"
          className="button"
          disabled={!hasResults}
          onClick={() => void controller.regions.writeToFolder(includeUnknown)}
        >
          Write sidecars to a folder…
        </button>
      )}
    </div>
  );
}
