import { memo } from 'react';
import type { KnownPeopleIndex } from '../../domain/matching';
import { labelsForPhoto } from '../../state/selectors';
import type { PhotoItem } from '../../state/store';
import { FaceLabels } from './FaceLabels';
import { PhotoView } from './PhotoView';
import { STATUS_TEXT } from './statusText';

interface PhotoCardProps {
  photo: PhotoItem;
  index: KnownPeopleIndex;
  tolerance: number;
}

export const PhotoCard = memo(function PhotoCard({ photo, index, tolerance }: PhotoCardProps) {
  const labels = labelsForPhoto(photo, index, tolerance);
  const hasResult = photo.status === 'done' || photo.status === 'no-face';
  return (
    <li
      className={`card card--${photo.status}`}
      data-testid="photo-card"
      data-file={photo.name}
      data-status={photo.status}
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
        {photo.message !== undefined && <p className="card__message">{photo.message}</p>}
        {hasResult && <FaceLabels labels={photo.status === 'done' ? labels : []} />}
      </div>
    </li>
  );
});
