import { useObjectUrl } from '../../components/useObjectUrl';
import type { KnownFaceRecord } from '../../storage/db';
import type { KnownPerson } from '../../state/selectors';

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

export function KnownPersonItem({ person }: { person: KnownPerson }) {
  const count = person.faces.length;
  return (
    <li className="known__person" data-testid="known-person" data-name={person.name} data-photos={count}>
      <div className="known__thumbs">
        {person.faces.map((record) => (
          <FaceThumb key={record.id} record={record} name={person.name} />
        ))}
      </div>
      <span className="known__name">{person.name}</span>
      <span className="known__count">
        {count} {count === 1 ? 'photo' : 'photos'}
      </span>
    </li>
  );
}
