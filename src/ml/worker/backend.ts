/**
 * Chooses the tfjs backend: WebGL on a real GPU, WASM where WebGL is missing or software-rendered
 * (SwiftShader, llvmpipe: measured ~10x slower than WASM), CPU as the last resort. A backend named in
 * `?backend=` wins.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../protocol';

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

export interface BackendProbe {
  renderer: string | null;
  webglAvailable: boolean;
  software: boolean;
}

/** Reads the unmasked WebGL renderer through an OffscreenCanvas. */
export function probeWebgl(): BackendProbe {
  let gl: WebGL2RenderingContext | WebGLRenderingContext | null;
  try {
    const canvas = new OffscreenCanvas(1, 1);
    gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  } catch {
    gl = null;
  }
  if (!gl) return { renderer: null, webglAvailable: false, software: true };
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { renderer, webglAvailable: true, software: SOFTWARE_RENDERER.test(renderer) };
}

export interface BackendChoice {
  backend: BackendName;
  reason: string;
  renderer: string | null;
}

export function chooseBackend(requested: BackendName | undefined, probe: BackendProbe): BackendChoice {
  const { renderer } = probe;
  if (requested) return { backend: requested, reason: `${requested} requested in the URL`, renderer };
  if (!probe.webglAvailable) return { backend: 'wasm', reason: 'WebGL is not available', renderer };
  if (probe.software) {
    return { backend: 'wasm', reason: `WebGL is software-rendered (${renderer}); WASM is faster`, renderer };
  }
  return { backend: 'webgl', reason: `GPU: ${renderer}`, renderer };
}

/** Activates a backend, falling back along webgl → wasm → cpu when one fails to initialise. */
export async function activateBackend(choice: BackendChoice, wasmUrl: string): Promise<BackendChoice> {
  setWasmPaths(wasmUrl);
  // Only the single-threaded binaries ship (scripts/model-assets.ts): never look for the threaded one,
  // even on a cross-origin-isolated host.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const order: BackendName[] = [choice.backend, ...(['wasm', 'cpu'] as const).filter((b) => b !== choice.backend)];
  let reason = choice.reason;
  for (const backend of order) {
    try {
      if (await tf.setBackend(backend)) {
        await tf.ready();
        return { backend, reason, renderer: choice.renderer };
      }
    } catch {
      // try the next one
    }
    reason = `${backend} failed to start; fell back`;
  }
  throw new Error('No TensorFlow.js backend could start in this browser');
}

interface WebglBackendLike {
  gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext };
}

function webglContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as unknown as WebglBackendLike).gpgpu?.gl ?? null;
}

/** True when the WebGL backend runs and its context was lost (GPU reset, driver crash, tab in background). */
export function webglContextLost(): boolean {
  return webglContext()?.isContextLost() ?? false;
}

/** For tests: loses the WebGL context the way a GPU reset would. False when WebGL is not running. */
export function loseWebglContext(): boolean {
  const ext = webglContext()?.getExtension('WEBGL_lose_context');
  if (!ext) return false;
  ext.loseContext();
  return true;
}

/** After a lost WebGL context: switch to WASM (or CPU) for the rest of the session. */
export async function fallBackFromWebgl(): Promise<BackendName> {
  for (const backend of ['wasm', 'cpu'] as const) {
    try {
      if (await tf.setBackend(backend)) {
        await tf.ready();
        return backend;
      }
    } catch {
      // try the next one
    }
  }
  throw new Error('No TensorFlow.js backend could start after WebGL was lost');
}
