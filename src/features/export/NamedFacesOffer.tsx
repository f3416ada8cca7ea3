/** Names that travel, in: faces the photos (or their sidecars) already name, offered as known people. */
import { useAppState, useController } from '../../state/context';
import { selectNamedFacesOffer } from '../../state/face-regions';

const SHOWN_NAMES = 8;

export function NamedFacesOffer() {
  const controller = useController();
  const offer = useAppState(selectNamedFacesOffer);
  if (offer.length === 0) return null;
  const n = offer.length;
  const names = [...new Set(offer.map((f) => f.name))];
  return (
    <div className="resume" role="status" data-testid="named-faces-offer" data-count={n}>
      <p className="resume__text">
        {n} {n === 1 ? 'face is' : 'faces are'} already named in these photos — add them as known people? (
        {names.slice(0, SHOWN_NAMES).join(', ')}
        {names.length > SHOWN_NAMES && `, and ${names.length - SHOWN_NAMES} more`})
      </p>
      <div className="regions__actions">
        <button type="button" className="button button--primary" onClick={() => void controller.regions.acceptNamedFaces()}>
          Add them as known people
        </button>
        <button type="button" className="button" onClick={() => controller.regions.dismissNamedFaces()}>
          Not now
        </button>
      </div>
    </div>
  );
}
