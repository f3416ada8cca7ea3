import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId } from '../../src/domain/ids';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('newId', () => {
  it('returns distinct v4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it('falls back to getRandomValues where randomUUID is missing (insecure contexts)', () => {
    const real = globalThis.crypto;
    const getRandomValues = vi.fn((array: Uint8Array<ArrayBuffer>) => real.getRandomValues(array));
    vi.stubGlobal('crypto', { getRandomValues });
    const ids = [newId(), newId()];
    expect(getRandomValues).toHaveBeenCalledTimes(2);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(ids[0]).not.toBe(ids[1]);
  });
});
