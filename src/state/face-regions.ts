/**
 * Names that travel: the faces of the results written as XMP sidecars (a zip, or straight into a folder
 * the user picks), and the names photos already carry (embedded regions, or `.xmp` sidecars dropped with
 * them) offered as known people. The XML and the maths are pure (../domain/xmp-sidecar.ts,
 * ../domain/face-regions.ts); fflate (the zip) and exifr (../metadata/read-metadata.ts) are loaded only
 * when used here, so they stay out of the page's first download.
 */
import type { NamedFace, PhotoMetadata, SidecarRegions } from '../domain/face-regions';
import { namedFacesToOffer, sidecarInputFor, uniqueEntryNames } from '../domain/face-regions';
import { UNKNOWN_PERSON } from '../domain/types';
import { buildSidecar, sidecarFileName } from '../domain/xmp-sidecar';
import type { WritableFolder } from './folder-access';
import { canWriteToFolder, pickWritableFolder } from './folder-access';
import type { FaceToLearn } from './manage';
import type { Notify } from './notices';
import { describeError } from './notices';
import { labelsForPhoto, selectKnownIndex, selectTolerance } from './selectors';
import type { AppState, PhotoItem, Store } from './store';
import { photoList } from './photos';

export const REGIONS_ZIP_NAME = 'facewise-face-regions.zip';

export interface FaceRegionsDeps {
  store: Store;
  notify: Notify;
  download: (blob: Blob, fileName: string) => void;
  /** The known-face path of the "This is..." correction (./manage.ts). */
  learnFaces: (faces: readonly FaceToLearn[], what: string, text: (n: number) => string) => Promise<number>;
}

const loadReader = () => import('../metadata/read-metadata');

let lastOfferInput: { photos: AppState['photos']; known: AppState['known']; names: AppState['embeddedNames'] } | null = null;
let lastOffer: NamedFace[] = [];

/** The faces the photos' own metadata names, not yet known nor declined (memoised for React). */
export function selectNamedFacesOffer(state: AppState): NamedFace[] {
  const { photos, known, embeddedNames } = state;
  if (lastOfferInput?.photos === photos && lastOfferInput.known === known && lastOfferInput.names === embeddedNames) return lastOffer;
  lastOfferInput = { photos, known, names: embeddedNames };
  lastOffer = namedFacesToOffer(photoList(photos), embeddedNames.sidecars, known, embeddedNames.dismissed);
  return lastOffer;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function createFaceRegions({ store, notify, download, learnFaces }: FaceRegionsDeps) {
  /** The orientation of a photo analysed before it was recorded (an older cache entry): read it now. */
  async function metadataOf(photo: PhotoItem): Promise<PhotoMetadata | undefined> {
    if (photo.metadata || !photo.file) return photo.metadata;
    return (await loadReader()).readPhotoMetadata(photo.file);
  }

  /** One sidecar per photo with a face to write, named `<photo file name>.xmp` (repeats in numbered folders). */
  async function sidecars(includeUnknown: boolean): Promise<Array<{ path: string; xml: string }>> {
    const state = store.getState();
    const index = selectKnownIndex(state);
    const made: Array<{ photoName: string; xml: string }> = [];
    for (const photo of photoList(state.photos)) {
      if (photo.status !== 'done') continue;
      const labels = labelsForPhoto(photo, index, selectTolerance(state));
      const metadata = await metadataOf(photo);
      const input = sidecarInputFor(
        {
          width: photo.width,
          height: photo.height,
          orientation: metadata?.orientation ?? 1,
          faces: photo.faces.map((face, i) => ({ box: face.box, name: labels[i]?.name ?? UNKNOWN_PERSON })),
        },
        includeUnknown,
      );
      if (input) made.push({ photoName: photo.name, xml: buildSidecar(input) });
    }
    const paths = uniqueEntryNames(made.map((m) => sidecarFileName(m.photoName)));
    return made.map((m, i) => ({ path: paths[i] ?? sidecarFileName(m.photoName), xml: m.xml }));
  }

  const nothingToWrite = (includeUnknown: boolean) =>
    notify(
      includeUnknown
        ? 'No faces to write: no photo has a result with faces yet.'
        : 'No named faces to write. Tick "Include unknown faces" to write the faces nobody is named for.',
      'warning',
    );

  return {
    canWriteToFolder,

    /** A zip of one XMP sidecar per photo (MWG regions, Microsoft's regions, IPTC PersonInImage). */
    async downloadZip(includeUnknown: boolean): Promise<void> {
      try {
        const files = await sidecars(includeUnknown);
        if (files.length === 0) {
          nothingToWrite(includeUnknown);
          return;
        }
        const { strToU8, zipSync } = await import('fflate');
        const zip = zipSync(Object.fromEntries(files.map((f) => [f.path, strToU8(f.xml)])), { level: 6 });
        download(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), REGIONS_ZIP_NAME);
      } catch (error) {
        notify(`Couldn't make the face regions file: ${describeError(error)}.`, 'error');
      }
    },

    /** Writes the sidecars into a folder the user picks; sidecars already there are left untouched. */
    async writeToFolder(includeUnknown: boolean): Promise<void> {
      let folder: WritableFolder | null;
      try {
        folder = await pickWritableFolder(); // first: the picker needs the click's user activation
      } catch (error) {
        notify(`Couldn't open a folder to write to: ${describeError(error)}. Download the zip instead.`, 'error');
        return;
      }
      if (!folder) return;
      let written = 0;
      const kept: string[] = [];
      try {
        const files = await sidecars(includeUnknown);
        if (files.length === 0) {
          nothingToWrite(includeUnknown);
          return;
        }
        for (const file of files) {
          // A sidecar already there may hold more than faces (tags, ratings, edits): never overwrite it.
          if (await folder.has(file.path)) {
            kept.push(file.path);
            continue;
          }
          await folder.write(file.path, file.xml);
          written++;
        }
      } catch (error) {
        notify(`Wrote ${plural(written, 'sidecar')} to ${folder.name}, then failed: ${describeError(error)}.`, 'error');
        return;
      }
      const keptText =
        kept.length === 0
          ? ''
          : ` ${plural(kept.length, 'sidecar was', 'sidecars were')} already there and left as ${kept.length === 1 ? 'it was' : 'they were'} (${kept.slice(0, 3).join(', ')}${kept.length > 3 ? ', …' : ''}); the zip has every one.`;
      notify(`Wrote ${plural(written, 'sidecar')} to ${folder.name}.${keptText}`, kept.length > 0 ? 'warning' : 'info');
    },

    /** Reads `.xmp` sidecars dropped with the photos; their named regions join the offer. */
    async addSidecars(files: readonly File[]): Promise<void> {
      if (files.length === 0) return;
      let read: SidecarRegions[];
      try {
        const { readSidecar } = await loadReader();
        read = await Promise.all(files.map((file) => readSidecar(file)));
      } catch (error) {
        notify(`Couldn't read the sidecars: ${describeError(error)}.`, 'error');
        return;
      }
      const names = new Set(read.map((r) => r.fileName.toLowerCase()));
      store.update((s) => ({
        ...s,
        embeddedNames: {
          ...s.embeddedNames,
          sidecars: [...s.embeddedNames.sidecars.filter((x) => !names.has(x.fileName.toLowerCase())), ...read],
        },
      }));
      const empty = read.filter((r) => r.regions.length === 0).map((r) => r.fileName);
      const regions = read.reduce((n, r) => n + r.regions.length, 0);
      notify(
        `Read ${plural(read.length, 'sidecar')}: ${plural(regions, 'named face region')}.` +
          (empty.length > 0 ? ` No named face region in ${empty.slice(0, 3).join(', ')}${empty.length > 3 ? ', …' : ''}.` : ''),
        empty.length > 0 ? 'warning' : 'info',
      );
    },

    /** Adds every offered face to its named person, through the "This is..." correction's path. */
    async acceptNamedFaces(): Promise<void> {
      const offer = selectNamedFacesOffer(store.getState());
      if (offer.length === 0) return;
      const people = new Set(offer.map((f) => f.name)).size;
      await learnFaces(
        offer,
        'add the named faces as known people',
        (added) => `Added ${plural(added, 'face')} of ${plural(people, 'person', 'people')} named in the photos. Every result was matched again.`,
      );
    },

    /** Not now: these faces are not offered again in this session. */
    dismissNamedFaces(): void {
      const keys = selectNamedFacesOffer(store.getState()).map((f) => f.key);
      if (keys.length === 0) return;
      store.update((s) => ({ ...s, embeddedNames: { ...s.embeddedNames, dismissed: [...s.embeddedNames.dismissed, ...keys] } }));
    },
  };
}

export type FaceRegions = ReturnType<typeof createFaceRegions>;
