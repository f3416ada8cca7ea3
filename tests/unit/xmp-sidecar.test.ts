import { sidecar } from 'exifr/dist/full.esm.mjs';
import { describe, expect, it } from 'vitest';
import { regionsFromXmp } from '../../src/domain/face-regions';
import { buildSidecar, escapeXml, formatUnit, sidecarFileName } from '../../src/domain/xmp-sidecar';

const read = async (xml: string): Promise<unknown> => sidecar(new TextEncoder().encode(xml), { mergeOutput: false }, 'xmp');

/** The value at a path in exifr's output. */
function at(value: unknown, ...path: Array<string | number>): unknown {
  let here = value;
  for (const key of path) here = typeof here === 'object' && here !== null ? (here as Record<string | number, unknown>)[key] : undefined;
  return here;
}

describe('XMP sidecar writer', () => {
  it('names sidecars after the whole photo file name', () => {
    expect(sidecarFileName('IMG_1.jpg')).toBe('IMG_1.jpg.xmp');
  });

  it('escapes the XML specials, keeps tabs and line breaks as references and drops forbidden characters', () => {
    expect(escapeXml(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&apos;');
    expect(escapeXml('x\ty\nz\r')).toBe('x&#x9;y&#xA;z&#xD;');
    expect(escapeXml('bell\u0007 nul\u0000 \uD800lone \uFFFE')).toBe('bell nul lone ');
    expect(escapeXml('Zoë 李 😀')).toBe('Zoë 李 😀');
  });

  it('writes coordinates as plain decimals clamped to 0..1', () => {
    expect(formatUnit(0.5)).toBe('0.5');
    expect(formatUnit(1e-9)).toBe('0');
    expect(formatUnit(0.1234567)).toBe('0.123457');
    expect(formatUnit(-0.2)).toBe('0');
    expect(formatUnit(1.3)).toBe('1');
    expect(formatUnit(NaN)).toBe('0');
  });

  const input = {
    storedWidth: 4000,
    storedHeight: 3000,
    faces: [
      { name: 'Alice & <Bob> "B"', area: { x: 0.1, y: 0.2, width: 0.2, height: 0.3 } },
      { name: null, area: { x: 0.6, y: 0.1, width: 0.1, height: 0.1 } },
      { name: 'Carol', area: { x: 0.4, y: 0.5, width: 0.1, height: 0.2 } },
    ],
  };

  it('holds MWG regions with centres, Microsoft regions from the top-left and the IPTC names', async () => {
    const xml = buildSidecar(input);
    expect(xml.startsWith('<?xpacket begin="\uFEFF"')).toBe(true);
    expect(xml.trimEnd().endsWith('<?xpacket end="w"?>')).toBe(true);
    const xmp = await read(xml);
    const mwg = at(xmp, 'mwg-rs', 'Regions');
    expect(at(mwg, 'AppliedToDimensions')).toMatchObject({ w: 4000, h: 3000, unit: 'pixel' });
    expect(at(mwg, 'RegionList')).toHaveLength(3);
    expect(at(mwg, 'RegionList', 0, 'Area')).toMatchObject({ x: 0.2, y: 0.35, w: 0.2, h: 0.3, unit: 'normalized' });
    expect(at(mwg, 'RegionList', 0, 'Type')).toBe('Face');
    expect(at(mwg, 'RegionList', 1, 'Name')).toBeUndefined();
    expect(at(mwg, 'RegionList', 1, 'Type')).toBe('Face');
    const mp = at(xmp, 'MP', 'RegionInfo', 'Regions');
    expect(at(mp, 0, 'Rectangle')).toBe('0.1, 0.2, 0.2, 0.3');
    expect(at(mp, 2, 'PersonDisplayName')).toBe('Carol');
    expect(at(mp, 1, 'PersonDisplayName')).toBeUndefined();
    expect(at(xmp, 'Iptc4xmpExt', 'PersonInImage')).toHaveLength(2);
    // and the names come back whole, specials and all
    expect(regionsFromXmp(xmp)).toEqual([
      { name: 'Alice & <Bob> "B"', area: { x: expect.closeTo(0.1, 9), y: expect.closeTo(0.2, 9), width: 0.2, height: 0.3 } },
      { name: 'Carol', area: { x: expect.closeTo(0.4, 9), y: expect.closeTo(0.5, 9), width: 0.1, height: 0.2 } },
    ]);
  });

  it('leaves PersonInImage out when nobody is named, and lists a name once', async () => {
    expect(buildSidecar({ ...input, faces: [input.faces[1]!] })).not.toContain('PersonInImage');
    const twice = buildSidecar({ ...input, faces: [input.faces[2]!, input.faces[2]!] });
    expect(twice.match(/<rdf:li>Carol<\/rdf:li>/g)).toHaveLength(1);
  });

  it('never lets a name close an element or open a new one', () => {
    const xml = buildSidecar({ ...input, faces: [{ name: '</mwg-rs:Name><x:evil/>', area: input.faces[0]!.area }] });
    expect(xml).not.toContain('<x:evil/>');
    expect(xml).toContain('&lt;/mwg-rs:Name&gt;&lt;x:evil/&gt;');
  });
});
