/**
 * One face of a group: the worker's crop; for older results, the face cut from the photo by CSS; else a letter.
 * The crop's <img> is there from the first render, showing a transparent pixel on the grey square until its
 * data: URL has been read: a placeholder element swapped for the image made each new face two layouts of the
 * panel (and an <img> without a src lays out its alt text).
 */
import { useObjectUrl } from '../../components/useObjectUrl';
import type { DetectedFace } from '../../domain/types';
import type { PhotoItem } from '../../state/store';

const SIZE = 64;
/** A 1×1 transparent GIF. */
const LOADING = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

export function FaceCrop({ photo, face }: { photo: PhotoItem; face: DetectedFace }) {
  const crop = useObjectUrl(face.crop ?? null);
  const whole = useObjectUrl(face.crop ? null : photo.file);
  if (face.crop) return <img className="group__crop" src={crop ?? LOADING} alt={`face in ${photo.name}`} width={SIZE} height={SIZE} />;
  if (whole && photo.width > 0) {
    const side = Math.max(face.box.width, face.box.height) * 1.3;
    const scale = SIZE / side;
    const cx = face.box.x + face.box.width / 2;
    const cy = face.box.y + face.box.height / 2;
    return (
      <span
        className="group__crop"
        role="img"
        aria-label={`face in ${photo.name}`}
        style={{
          backgroundImage: `url(${whole})`,
          backgroundSize: `${photo.width * scale}px ${photo.height * scale}px`,
          backgroundPosition: `${-(cx - side / 2) * scale}px ${-(cy - side / 2) * scale}px`,
        }}
      />
    );
  }
  return (
    <span className="group__crop group__crop--empty" role="img" aria-label={`face in ${photo.name}`}>
      ?
    </span>
  );
}
