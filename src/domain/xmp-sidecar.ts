/**
 * Writes an XMP sidecar with the faces of one photo, in the three vocabularies photo managers read:
 * - MWG regions (`mwg-rs:Regions`: digiKam, Lightroom, ExifTool, Immich, PhotoPrism): the photo's stored
 *   pixel size in `AppliedToDimensions`, one `Face` region per face with `Area` x/y = the box's centre and
 *   w/h, all normalised to 0..1 of the stored (un-rotated) frame, and `Name` for named faces;
 * - Microsoft's region list (`MP:RegionInfo/MPRI:Regions`): `MPReg:Rectangle` "x, y, w, h" from the
 *   top-left corner, normalised, and `PersonDisplayName`;
 * - IPTC's `Iptc4xmpExt:PersonInImage`: the names, once each.
 * Pure: a string in, a string out. Element-form properties, the layout ExifTool itself writes.
 */
import type { Box } from './types';

/** One face region, normalised to the photo's stored frame (0..1), top-left corner and size. */
export interface SidecarFace {
  /** Null: a face nobody named (written without a name). */
  name: string | null;
  area: Box;
}

export interface SidecarInput {
  /** The photo's stored pixel size (before EXIF orientation). */
  storedWidth: number;
  storedHeight: number;
  faces: readonly SidecarFace[];
}

/** The sidecar's file name, as digiKam, darktable and ExifTool's `%f.%e.xmp` name it: `IMG_1.jpg.xmp`. */
export function sidecarFileName(photoFileName: string): string {
  return `${photoFileName}.xmp`;
}

/**
 * Text made safe for XML 1.0 content and attribute values: the five special characters as entities, tabs
 * and line breaks as character references (attribute values would lose them otherwise), and characters
 * XML 1.0 forbids (other C0 controls, lone surrogates, U+FFFE/U+FFFF) dropped.
 */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else if (ch === '\t' || ch === '\n' || ch === '\r') out += `&#x${code.toString(16).toUpperCase()};`;
    else if (code < 0x20 || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) continue;
    else out += ch;
  }
  return out;
}

/** A coordinate as XMP wants a Real: plain decimal (never exponent notation), 6 places at most, clamped to 0..1. */
export function formatUnit(value: number): string {
  const clamped = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  const text = clamped.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return text === '' || text === '-0' ? '0' : text;
}

function integer(value: number): string {
  return String(Math.max(0, Math.round(Number.isFinite(value) ? value : 0)));
}

const NAMESPACES: ReadonlyArray<readonly [string, string]> = [
  ['mwg-rs', 'http://www.metadataworkinggroup.com/schemas/regions/'],
  ['stArea', 'http://ns.adobe.com/xmp/sType/Area#'],
  ['stDim', 'http://ns.adobe.com/xap/1.0/sType/Dimensions#'],
  ['MP', 'http://ns.microsoft.com/photo/1.2/'],
  ['MPRI', 'http://ns.microsoft.com/photo/1.2/t/RegionInfo#'],
  ['MPReg', 'http://ns.microsoft.com/photo/1.2/t/Region#'],
  ['Iptc4xmpExt', 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/'],
];

/** The whole sidecar: an XMP packet, UTF-8, element-form properties. */
export function buildSidecar({ storedWidth, storedHeight, faces }: SidecarInput): string {
  const names = [...new Set(faces.map((f) => f.name).filter((n): n is string => n !== null && n !== ''))];
  const lines: string[] = [
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Facewise">`,
    ` <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    `  <rdf:Description rdf:about=""`,
    ...NAMESPACES.map(([prefix, uri], i) => `    xmlns:${prefix}="${uri}"${i === NAMESPACES.length - 1 ? '>' : ''}`),
    `   <mwg-rs:Regions rdf:parseType="Resource">`,
    `    <mwg-rs:AppliedToDimensions rdf:parseType="Resource">`,
    `     <stDim:w>${integer(storedWidth)}</stDim:w>`,
    `     <stDim:h>${integer(storedHeight)}</stDim:h>`,
    `     <stDim:unit>pixel</stDim:unit>`,
    `    </mwg-rs:AppliedToDimensions>`,
    `    <mwg-rs:RegionList>`,
    `     <rdf:Bag>`,
  ];
  for (const face of faces) {
    const { x, y, width, height } = face.area;
    lines.push(
      `      <rdf:li rdf:parseType="Resource">`,
      `       <mwg-rs:Area rdf:parseType="Resource">`,
      `        <stArea:x>${formatUnit(x + width / 2)}</stArea:x>`,
      `        <stArea:y>${formatUnit(y + height / 2)}</stArea:y>`,
      `        <stArea:w>${formatUnit(width)}</stArea:w>`,
      `        <stArea:h>${formatUnit(height)}</stArea:h>`,
      `        <stArea:unit>normalized</stArea:unit>`,
      `       </mwg-rs:Area>`,
      ...(face.name ? [`       <mwg-rs:Name>${escapeXml(face.name)}</mwg-rs:Name>`] : []),
      `       <mwg-rs:Type>Face</mwg-rs:Type>`,
      `      </rdf:li>`,
    );
  }
  lines.push(
    `     </rdf:Bag>`,
    `    </mwg-rs:RegionList>`,
    `   </mwg-rs:Regions>`,
    `   <MP:RegionInfo rdf:parseType="Resource">`,
    `    <MPRI:Regions>`,
    `     <rdf:Bag>`,
  );
  for (const face of faces) {
    const { x, y, width, height } = face.area;
    lines.push(
      `      <rdf:li rdf:parseType="Resource">`,
      `       <MPReg:Rectangle>${[x, y, width, height].map(formatUnit).join(', ')}</MPReg:Rectangle>`,
      ...(face.name ? [`       <MPReg:PersonDisplayName>${escapeXml(face.name)}</MPReg:PersonDisplayName>`] : []),
      `      </rdf:li>`,
    );
  }
  lines.push(`     </rdf:Bag>`, `    </MPRI:Regions>`, `   </MP:RegionInfo>`);
  if (names.length > 0) {
    lines.push(
      `   <Iptc4xmpExt:PersonInImage>`,
      `    <rdf:Bag>`,
      ...names.map((name) => `     <rdf:li>${escapeXml(name)}</rdf:li>`),
      `    </rdf:Bag>`,
      `   </Iptc4xmpExt:PersonInImage>`,
    );
  }
  lines.push(`  </rdf:Description>`, ` </rdf:RDF>`, `</x:xmpmeta>`, `<?xpacket end="w"?>`, '');
  return lines.join('\n');
}
