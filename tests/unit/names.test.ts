import { describe, expect, it } from 'vitest';
import { isLikelyImageFile, personNameFromFileName, personNameFromPath } from '../../src/domain/names';

describe('personNameFromFileName', () => {
  it.each([
    ['taus.jpg', 'taus'],
    ['kit_harington.jpeg', 'kit_harington'],
    ['alice_2.jpg', 'alice'],
    ['alice (2).jpg', 'alice'],
    ['alice(2).jpg', 'alice'],
    ['alice-3.png', 'alice'],
    ['alice 4.jpg', 'alice'],
    ['alice_12.JPG', 'alice'],
    ['alice2.jpg', 'alice2'],
    ['r2-d2.png', 'r2-d2'],
    ['2.jpg', '2'],
    ['_1.jpg', '_1'],
    ['(3).jpg', '(3)'],
    ['a/b/c.jpg', 'c'],
    ['a\\b\\c_1.jpg', 'c'],
    ['  bob  .png', 'bob'],
    ['mary jane 2.jpg', 'mary jane'],
    ['jean-luc_picard.webp', 'jean-luc_picard'],
    ['archive.tar.gz', 'archive.tar'],
    ['noext', 'noext'],
    ['.hidden', '.hidden'],
    ['Zoë_1.jpg', 'Zoë'],
  ])('%s -> %s', (fileName, expected) => {
    expect(personNameFromFileName(fileName)).toBe(expected);
  });

  it('drops only one copy number', () => {
    expect(personNameFromFileName('alice_2 (1).jpg')).toBe('alice_2');
  });
});

describe('personNameFromPath', () => {
  it.each([
    ['alice/img1.jpg', 'alice'],
    ['people/alice/img1.jpg', 'alice'],
    ['people/bob smith/IMG_0001.jpg', 'bob smith'],
    ['people\\carol\\x.png', 'carol'],
    ['dave_3.jpg', 'dave'],
    ['/erin_1.jpg', 'erin'],
  ])('%s -> %s', (path, expected) => {
    expect(personNameFromPath(path)).toBe(expected);
  });
});

describe('isLikelyImageFile', () => {
  it('accepts any image/* MIME type', () => {
    expect(isLikelyImageFile('photo', 'image/jpeg')).toBe(true);
    expect(isLikelyImageFile('photo.bin', 'IMAGE/PNG')).toBe(true);
  });

  it.each(['a.jpg', 'a.JPEG', 'a.png', 'a.gif', 'a.webp', 'a.bmp', 'a.avif', 'a.heic', 'a.HEIF', 'a.tif', 'a.tiff'])(
    'accepts %s without a MIME type',
    (name) => {
      expect(isLikelyImageFile(name, '')).toBe(true);
    },
  );

  it.each([
    ['.DS_Store', ''],
    ['notes.txt', 'text/plain'],
    ['Thumbs.db', ''],
    ['jpg', ''],
    ['folder/._photo.jpg', 'image/jpeg'],
  ])('rejects %s (%s)', (name, mime) => {
    expect(isLikelyImageFile(name, mime)).toBe(false);
  });
});
