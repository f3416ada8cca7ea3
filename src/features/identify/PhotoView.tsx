import { useState } from 'react';
import { useObjectUrl } from '../../components/useObjectUrl';
import type { FaceMatch } from '../../domain/matching';
import { UNKNOWN_PERSON } from '../../domain/types';
import type { PhotoItem } from '../../state/store';

const pct = (value: number, of: number) => `${of > 0 ? (value / of) * 100 : 0}%`;

/** What a card shows: the small JPEG the worker made as it analysed the photo; for a result from the cache
 * (no worker run) the file itself; nothing before the analysis (the page never decodes a full-size photo
 * for a card it is still filling). */
function imageOf(photo: PhotoItem): Blob | null {
  if (photo.status === 'unreadable') return null;
  return photo.preview ?? (photo.cached ? photo.file : null);
}

/**
 * The photo, with a box and a name over every face once analysed. Its image URL exists only while the
 * card is rendered. A result restored after a reload has no file: its boxes sit on a neutral placeholder.
 */
export function PhotoView({ photo, labels }: { photo: PhotoItem; labels: readonly FaceMatch[] }) {
  const [broken, setBroken] = useState(false);
  const image = imageOf(photo);
  const url = useObjectUrl(image);
  if (broken || photo.status === 'unreadable') return null;
  const sized = photo.width > 0 && photo.height > 0;
  const showBoxes = photo.status === 'done' && sized;
  const placeholder = photo.file === null;
  const waiting = !placeholder && image === null;
  return (
    <div
      className={`photo${placeholder ? ' photo--placeholder' : ''}${waiting ? ' photo--waiting' : ''}`}
      style={(placeholder || waiting) && sized ? { aspectRatio: `${photo.width} / ${photo.height}` } : undefined}
    >
      {placeholder ? (
        <span className="photo__hint">Drop the photo again to see it</span>
      ) : (
        url !== null && <img className="photo__img" src={url} alt={photo.name} decoding="async" onError={() => setBroken(true)} />
      )}
      {showBoxes &&
        photo.faces.map((face, i) => {
          const name = labels[i]?.name ?? UNKNOWN_PERSON;
          const unsure = labels[i]?.unsure === true;
          const modifier = name === UNKNOWN_PERSON ? ' face-box--unknown' : unsure ? ' face-box--unsure' : '';
          return (
            <div
              key={i}
              className={`face-box${modifier}`}
              data-unsure={unsure ? 'true' : 'false'}
              style={{
                left: pct(face.box.x, photo.width),
                top: pct(face.box.y, photo.height),
                width: pct(face.box.width, photo.width),
                height: pct(face.box.height, photo.height),
              }}
              aria-hidden="true"
            >
              <span className="face-box__name">{unsure ? `${name}?` : name}</span>
            </div>
          );
        })}
    </div>
  );
}
