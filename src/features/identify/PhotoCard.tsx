import { memo } from 'react';
import type { KnownPeopleIndex } from '../../domain/matching';
import { useController } from '../../state/context';
import { labelsForPhoto } from '../../state/selectors';
import type { PhotoItem } from '../../state/store';
import { FaceLabels } from './FaceLabels';
import { PhotoView } from './PhotoView';
import { STATUS_TEXT } from './statusText';

interface PhotoCardProps {
  photo: PhotoItem;
  /** 1-based position among all photos (most cards are not rendered: the list is virtual). */
  position: number;
  count: number;
  index: KnownPeopleIndex;
  tolerance: number;
}

export const PhotoCard = memo(function PhotoCard({ photo, position, count, index, tolerance }: PhotoCardProps) {
  const controller = useController();
  const labels = labelsForPhoto(photo, index, tolerance);
  const hasResult = photo.status === 'done' || photo.status === 'no-face';
  return (
    <div
      role="listitem"
      aria-posinset={position}
      aria-setsize={count}
      className={`card card--${photo.status}`}
      data-testid="photo-card"
      data-file={photo.name}
      data-status={photo.status}
      data-cached={photo.cached ? 'true' : 'false'}
      data-restored={photo.file === null ? 'true' : 'false'}
      aria-busy={photo.status === 'working'}
    >
      <PhotoView photo={photo} labels={labels} />
      <div className="card__body">
        <div className="card__head">
          <span className="card__name" title={photo.name}>
            {photo.name}
          </span>
          <span className={`badge badge--${photo.status}`} data-testid="photo-status">
            {STATUS_TEXT[photo.status]}
          </span>
        </div>
        {photo.cached && (
          <p className="card__source" data-testid="photo-source">
            from cache
          </p>
        )}
        {photo.file === null && (
          <p className="card__source" data-testid="photo-source">
            saved result: drop the photo again to see it
          </p>
        )}
        {photo.message !== undefined && <p className="card__message">{photo.message}</p>}
        {hasResult &&
          (photo.status === 'done' ? (
            <FaceLabels labels={labels} onCorrect={(face, name) => void controller.manage.correctFace(photo.id, face, name)} />
          ) : (
            <FaceLabels labels={[]} />
          ))}
      </div>
    </div>
  );
});
