/** Known faces grouped for display: one entry per person with all their photos. Pure: no DOM. */

export interface GroupableFace {
  id: string;
  name: string;
  addedAt: number;
}

export interface PersonGroup<T extends GroupableFace> {
  name: string;
  /** The person's faces, oldest first. */
  faces: T[];
}

/**
 * Groups faces by exact name. Faces are ordered by `addedAt` (then `id`), and people by when their
 * first face was added, so photos added later to an existing person join that person in place.
 */
export function groupKnownFaces<T extends GroupableFace>(faces: readonly T[]): Array<PersonGroup<T>> {
  const sorted = [...faces].sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byName = new Map<string, T[]>();
  for (const face of sorted) {
    const list = byName.get(face.name);
    if (list) list.push(face);
    else byName.set(face.name, [face]);
  }
  return [...byName].map(([name, list]) => ({ name, faces: list }));
}
