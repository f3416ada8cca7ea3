/**
 * Shared plumbing of the face-api nets: face-api is imported on first load (not when this file is read),
 * so the registry's descriptors can be read by Node scripts without a browser or tfjs.
 */
import type { ModelSource } from './types.ts';

export type FaceApi = typeof import('@vladmandic/face-api');
type Nets = FaceApi['nets'];

let api: Promise<FaceApi> | null = null;

function faceApi(): Promise<FaceApi> {
  api ??= import('@vladmandic/face-api');
  return api;
}

/** The folder of @vladmandic/face-api that holds its weights. */
export const FACE_API_WEIGHTS: ModelSource = { package: '@vladmandic/face-api', dir: 'model' };

/** face-api's file names for a net saved as `<name>-weights_manifest.json` + `<name>.bin`. */
export function faceApiAssets(name: string): string[] {
  return [`${name}-weights_manifest.json`, `${name}.bin`];
}

/**
 * The load/dispose life cycle of one of face-api's nets, cached here: `load` is idempotent (a failed load
 * may be retried), `loaded()` hands the net and face-api to `run` once loading finished.
 *
 * The net is an instance of its own, not face-api's shared one (`faceapi.nets[key]`): the app changes how
 * some of its instances run (fused networks, tiny-backbone.ts and the like), and face-api's shared nets stay
 * face-api's own for whatever else uses them on the same thread (the benchmarks' plain usage does).
 */
export function faceApiNet<K extends keyof Nets>(key: K) {
  let loading: Promise<void> | null = null;
  let ready: { api: FaceApi; net: Nets[K] } | null = null;
  return {
    load: (modelsUrl: string): Promise<void> => {
      loading ??= (async () => {
        const f = await faceApi();
        const own = new (f.nets[key].constructor as new () => Nets[K])();
        await own.loadFromUri(modelsUrl);
        ready = { api: f, net: own };
      })().catch((error: unknown) => {
        loading = null;
        throw error;
      });
      return loading;
    },
    loaded: (): { api: FaceApi; net: Nets[K] } => {
      if (!ready) throw new Error(`The model ${String(key)} is not loaded`);
      return ready;
    },
    dispose: (): void => {
      const net = ready?.net;
      ready = null;
      loading = null;
      try {
        net?.dispose();
      } catch {
        // weights on a lost WebGL context may not dispose cleanly; they are gone with it anyway
      }
    },
  };
}

/**
 * Weights a module derives from a face-api net's own (batch norms or scale layers folded into convs): made
 * on first use for the weights face-api loaded, made again when a reload brings new ones, freed with the net.
 */
export function derivedWeights<Params, Derived>(derive: (params: Params) => Derived, free: (derived: Derived) => void) {
  let made: { from: Params; derived: Derived } | null = null;
  const dispose = (): void => {
    try {
      if (made) free(made.derived);
    } catch {
      // on a lost WebGL context they may not dispose cleanly; they are gone with it anyway
    }
    made = null;
  };
  return {
    for(params: Params): Derived {
      if (made?.from !== params) {
        dispose();
        made = { from: params, derived: derive(params) };
      }
      return made.derived;
    },
    dispose,
  };
}
