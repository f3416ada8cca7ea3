import { useState } from 'react';
import { useObjectUrl } from '../../components/useObjectUrl';
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
  return (
    <li className="known__person" data-testid="known-person" data-name={person.name} data-photos={count}>
      <div className="known__thumbs">
        {shown.map((record) => (
          <span key={record.id} className="known__face" data-testid="known-face" data-source={record.sourceFile}>
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
    </li>
  );
}
