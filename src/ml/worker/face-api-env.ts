/**
 * face-api decides its environment with `isBrowser()`, which needs `window` and `document`; a Web Worker
 * has neither, so we hand it an environment built on OffscreenCanvas before any net is loaded.
 */
import * as faceapi from '@vladmandic/face-api';

class NoVideo {
  constructor() {
    throw new Error('Video input is not supported in the face worker');
  }
}

class NoImage {
  constructor() {
    throw new Error('HTMLImageElement is not available in the face worker; pass pixels instead');
  }
}

let installed = false;

export function installWorkerEnvironment(): void {
  if (installed) return;
  const env = {
    Canvas: OffscreenCanvas,
    CanvasRenderingContext2D: OffscreenCanvasRenderingContext2D,
    Image: NoImage,
    ImageData,
    Video: NoVideo,
    createCanvasElement: () => new OffscreenCanvas(1, 1),
    createImageElement: () => new NoImage(),
    createVideoElement: () => new NoVideo(),
    fetch: (url: string, init?: RequestInit) => fetch(url, init),
    readFile: () => Promise.reject(new Error('No file system in the browser')),
  };
  // face-api types its environment with DOM classes; the OffscreenCanvas equivalents are what a worker has.
  faceapi.env.setEnv(env as unknown as Parameters<typeof faceapi.env.setEnv>[0]);
  installed = true;
}
