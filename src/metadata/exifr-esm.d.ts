// exifr's ES module build, imported by path: its package.json has no "exports" map, so Node (Vitest,
// tsx) would pick the UMD build, whose named exports it can't see. The types are the package's own.
declare module 'exifr/dist/full.esm.mjs' {
  export * from 'exifr';
}
