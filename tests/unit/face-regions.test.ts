import { describe, expect, it } from 'vitest';
import type { OfferPhoto } from '../../src/domain/face-regions';
import {
  decodeXmlEntities,
  iou,
  matchRegionsToFaces,
  namedFacesToOffer,
  regionsFromXmp,
  sidecarFor,
  sidecarInputFor,
  uniqueEntryNames,
} from '../../src/domain/face-regions';
import { webpMetadataChunks } from '../../src/metadata/read-metadata';

describe('regions read from XMP (exifr output)', () => {
  it('reads named MWG Face regions, centre to top-left, one region or a list', () => {
    const one = { 'mwg-rs': { Regions: { RegionList: { Area: { x: 0.5, y: 0.5, w: 0.2, h: 0.4, unit: 'normalized' }, Name: 'Solo', Type: 'Face' } } } };
    expect(regionsFromXmp(one)).toEqual([{ name: 'Solo', area: { x: 0.4, y: 0.3, width: 0.2, height: 0.4 } }]);
    const list = {
      'mwg-rs': {
        Regions: {
          RegionList: [
            { Area: { x: '0.25', y: '0.25', w: '0.1', h: '0.1' }, Name: 'Tom &amp; Jerry', Type: 'Face' },
            { Area: { x: 0.5, y: 0.5, w: 0.1, h: 0.1, unit: 'normalized' }, Type: 'Face' }, // unnamed
            { Area: { x: 0.5, y: 0.5, w: 0.1, h: 0.1, unit: 'normalized' }, Name: 'Rex', Type: 'Pet' },
            { Area: { x: 10, y: 10, w: 5, h: 5, unit: 'pixel' }, Name: 'Pixels', Type: 'Face' },
            { Area: { x: 0.99, y: 0.5, w: 0.5, h: 0.1 }, Name: 'Outside', Type: 'Face' },
            { Area: { x: 0.5, y: 0.5, w: 0, h: 0.1 }, Name: 'Empty', Type: 'Face' },
            { Name: { value: 'Lang alt', lang: 'x-default' }, Area: { x: 0.75, y: 0.75, w: 0.1, h: 0.1 } },
          ],
        },
      },
    };
    expect(regionsFromXmp(list).map((r) => r.name)).toEqual(['Tom & Jerry', 'Lang alt']);
  });

  it("uses Microsoft's regions when there are no MWG ones", () => {
    const mp = { MP: { RegionInfo: { Regions: [{ Rectangle: '0.1, 0.2, 0.3, 0.4', PersonDisplayName: 'Dan' }, { Rectangle: 'bad' , PersonDisplayName: 'X' }] } } };
    expect(regionsFromXmp(mp)).toEqual([{ name: 'Dan', area: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 } }]);
    expect(regionsFromXmp(null)).toEqual([]);
    expect(regionsFromXmp({ 'mwg-rs': 'nonsense' })).toEqual([]);
  });

  it('decodes entity and character references', () => {
    expect(decodeXmlEntities('&lt;a&gt; &amp;&#38;&#x26; &quot;&apos; &nope;')).toBe(`<a> &&& "' &nope;`);
  });

  it('finds a WebP file’s XMP and EXIF chunks', () => {
    const chunk = (id: string, data: number[]) => [...id].map((c) => c.charCodeAt(0)).concat([data.length, 0, 0, 0], data, data.length % 2 ? [0] : []);
    const body = [...'WEBP'].map((c) => c.charCodeAt(0)).concat(chunk('VP8X', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), chunk('EXIF', [1, 2, 3]), chunk('XMP ', [60, 120]));
    const bytes = new Uint8Array([...'RIFF'].map((c) => c.charCodeAt(0)).concat([body.length, 0, 0, 0], body));
    const { exif, xmp } = webpMetadataChunks(bytes);
    expect([...(exif ?? [])]).toEqual([1, 2, 3]);
    expect([...(xmp ?? [])]).toEqual([60, 120]);
    expect(webpMetadataChunks(new Uint8Array(4))).toEqual({ exif: null, xmp: null });
  });
});

describe('matching regions to detected faces', () => {
  it('measures overlap', () => {
    expect(iou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150);
    expect(iou({ x: 0, y: 0, width: 1, height: 1 }, { x: 2, y: 2, width: 1, height: 1 })).toBe(0);
  });

  it('pairs each region with the face it overlaps best, once, after turning it into the displayed frame', () => {
    // Displayed 300×400, orientation 6 (stored 400×300). Faces at displayed top-right and bottom-left.
    const faces = [
      { x: 20, y: 300, width: 60, height: 60 },
      { x: 230, y: 20, width: 60, height: 70 },
    ];
    // The top-right face in the stored frame: x = y_d, y = W_d - (x_d + w_d) → (20, 10, 70, 60) of 400×300.
    const regions = [
      { name: 'Top right', area: { x: 20 / 400, y: 10 / 300, width: 70 / 400, height: 60 / 300 } },
      { name: 'Nowhere', area: { x: 0.45, y: 0.45, width: 0.05, height: 0.05 } },
    ];
    expect(matchRegionsToFaces(faces, { width: 300, height: 400 }, 6, regions)).toEqual([
      { faceIndex: 1, name: 'Top right', iou: expect.closeTo(1, 6) },
    ]);
    // Read as if not rotated, the same region misses.
    expect(matchRegionsToFaces(faces, { width: 300, height: 400 }, 1, regions)).toEqual([]);
  });

  it('finds the sidecar of a photo by either naming convention', () => {
    const sidecars = [
      { fileName: 'a.xmp', regions: [] },
      { fileName: 'B.JPG.XMP', regions: [] },
    ];
    expect(sidecarFor('a.jpg', sidecars)?.fileName).toBe('a.xmp');
    expect(sidecarFor('b.jpg', sidecars)?.fileName).toBe('B.JPG.XMP');
    expect(sidecarFor('c.jpg', sidecars)).toBeUndefined();
  });
});

describe('the offer of named faces', () => {
  const face = (x: number) => ({ box: { x, y: 10, width: 20, height: 20 } });
  const photo: OfferPhoto = {
    id: 'p1',
    name: 'party.jpg',
    status: 'done',
    sha256: 'abc',
    width: 100,
    height: 100,
    faces: [face(10), face(60)],
    metadata: { orientation: 1, regions: [{ name: ' Ann ', area: { x: 0.6, y: 0.1, width: 0.2, height: 0.2 } }] },
  };

  it('offers the faces embedded regions name; a sidecar names a photo that carries none', () => {
    expect(namedFacesToOffer([photo], [], [], [])).toEqual([{ key: 'p1#1', photoId: 'p1', faceIndex: 1, name: 'Ann' }]);
    const bare = { ...photo, metadata: { orientation: 1, regions: [] } };
    const sidecar = { fileName: 'party.jpg.xmp', regions: [{ name: 'Bo', area: { x: 0.1, y: 0.1, width: 0.2, height: 0.2 } }] };
    expect(namedFacesToOffer([bare], [sidecar], [], []).map((f) => [f.faceIndex, f.name])).toEqual([[0, 'Bo']]);
  });

  it('leaves out declined faces, faces already added, unfinished photos and the unknown label', () => {
    expect(namedFacesToOffer([photo], [], [], ['p1#1'])).toEqual([]);
    expect(namedFacesToOffer([photo], [], [{ name: 'Ann', sha256: 'abc', sourceFile: 'party.jpg' }], [])).toEqual([]);
    expect(namedFacesToOffer([{ ...photo, status: 'working' }], [], [], [])).toEqual([]);
    const unknown = { ...photo, metadata: { orientation: 1, regions: [{ name: 'unknown_person', area: { x: 0.6, y: 0.1, width: 0.2, height: 0.2 } }] } };
    expect(namedFacesToOffer([unknown], [], [], [])).toEqual([]);
  });
});

describe('what a sidecar holds', () => {
  it('writes named faces in the stored frame, unknown ones only when asked', () => {
    const photo = {
      width: 300,
      height: 400,
      orientation: 6,
      faces: [
        { box: { x: 230, y: 20, width: 60, height: 70 }, name: 'Ann' },
        { box: { x: 20, y: 300, width: 60, height: 60 }, name: 'unknown_person' },
      ],
    };
    const named = sidecarInputFor(photo, false);
    expect(named?.storedWidth).toBe(400);
    expect(named?.storedHeight).toBe(300);
    expect(named?.faces).toHaveLength(1);
    const area = named?.faces[0]?.area;
    expect(area?.x).toBeCloseTo(20 / 400);
    expect(area?.y).toBeCloseTo(10 / 300);
    expect(area?.width).toBeCloseTo(70 / 400);
    expect(area?.height).toBeCloseTo(60 / 300);
    expect(sidecarInputFor(photo, true)?.faces.map((f) => f.name)).toEqual(['Ann', null]);
    expect(sidecarInputFor({ ...photo, faces: [photo.faces[1]!] }, false)).toBeNull();
  });

  it('keeps repeated photo names apart in the zip', () => {
    expect(uniqueEntryNames(['a.jpg.xmp', 'b.jpg.xmp', 'A.jpg.xmp', 'a.jpg.xmp'])).toEqual(['a.jpg.xmp', 'b.jpg.xmp', '2/A.jpg.xmp', '3/a.jpg.xmp']);
  });
});
