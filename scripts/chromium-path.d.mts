/** Types for chromium-path.mjs (plain JS so that `node scripts/ensure-chromium.mjs` needs no build). */
export declare const CHROMIUM_CANDIDATES: readonly string[];
export declare const CHROMIUM_ARGS: readonly string[];
export declare function isExecutableFile(path: string): boolean;
export declare function findChromium(env?: NodeJS.ProcessEnv): string | null;
