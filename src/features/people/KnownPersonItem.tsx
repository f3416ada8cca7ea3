import { useState } from 'react';
import { useObjectUrl } from '../../components/useObjectUrl';
import { isFused } from '../../domain/distance';
import { currentPipeline } from '../../domain/model-id';
import { useController } from '../../state/context';
import type { KnownFaceRecord } from '../../state/selectors';
import type { KnownPerson } from '../../state/selectors';
import { PersonActions } from './PersonActions';

function FaceThumb({ record, name }: { record: KnownFaceRecord; name: string }) {
  const url = useObjectUrl(record.thumbnail);
  if (!url) {
    return (
      <span className="known__thumb known__thumb--empty" title={record.sourceFile} aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </span>
    );
  }
  return <img className="known__thumb" src={url} alt={`${name} (${record.sourceFile})`} title={record.sourceFile} />;
}

/** Thumbnails shown before "+N" (a person with many photos stays one compact cell). */
const SHOWN_THUMBS = 4;

export function KnownPersonItem({ person, others }: { person: KnownPerson; others: readonly string[] }) {
  const controller = useController();
  const [all, setAll] = useState(false);
  const count = person.faces.length;
  const shown = all ? person.faces : person.faces.slice(0, SHOWN_THUMBS);
  // Encodings made by another pipeline (or stored before pipelines were recorded) may not compare well.
  const stale = person.faces.filter((f) => !currentPipeline(f.pipeline));
  // Encodings from before the second recognizer (face-api's part alone) are matched on face-api's part.
  const faceApiOnly = stale.length > 0 && stale.every((f) => !isFused(f.encoding));
  return (
    <li className="known__person" data-testid="known-person" data-name={person.name} data-photos={count}>
      <div className="known__thumbs">
        {shown.map((record) => (
          <span
            key={record.id}
            className={`known__face${currentPipeline(record.pipeline) ? '' : ' known__face--stale'}`}
            data-testid="known-face"
            data-source={record.sourceFile}
            data-stale={currentPipeline(record.pipeline) ? 'false' : 'true'}
          >
            <FaceThumb record={record} name={person.name} />
            <button
              type="button"
              className="known__remove-face"
              aria-label={`Remove photo ${record.sourceFile} of ${person.name}`}
              title="Remove this photo"
              onClick={() => void controller.manage.removeFace(record.id)}
            >
              ×
            </button>
          </span>
        ))}
        {count > shown.length && (
          <button type="button" className="known__more" aria-label={`Show all ${count} photos of ${person.name}`} onClick={() => setAll(true)}>
            +{count - shown.length}
          </button>
        )}
      </div>
      <span className="known__name">{person.name}</span>
      <span className="known__count">
        {count} {count === 1 ? 'photo' : 'photos'}
      </span>
      <PersonActions name={person.name} others={others} />
      {stale.length > 0 && (
        <div className="known__stale" data-testid="stale-pipeline" role="note">
          <p>
            {stale.length === count ? 'These encodings' : `${stale.length} of these encodings`}{' '}
            {faceApiOnly
              ? "were made before Facewise's second face network (marked ⚠): they are matched with face-api's network alone, which names fewer people right."
              : "came from another version of Facewise's face pipeline (marked ⚠), so matches may be off."}{' '}
            Re-add {person.name}'s photos: the old encodings are replaced.
          </p>
          <label className="button known__readd">
            Re-add photos…
            <input
              className="visually-hidden"
              type="file"
              multiple
              accept="image/*"
              aria-label={`Re-add photos of ${person.name}`}
              onChange={(event) => {
                const files = [...(event.currentTarget.files ?? [])];
                event.currentTarget.value = '';
                void controller.reAddKnownPhotos(person.name, files);
              }}
            />
          </label>
        </div>
      )}
    </li>
  );
}
