/**
 * Workers under the page's Content-Security-Policy. A worker loaded from its script's URL takes its policy
 * from that script's response headers, which a static host does not set, so it would run with none: free to
 * fetch any origin. A worker whose script is a `blob:` URL inherits the policy of the page that made it
 * (CSP 3, "initialize a global object's CSP list"), so the pool starts each worker from a one-line blob
 * that imports the real, bundled worker script. Its own fetches (weights, WASM) then obey `connect-src
 * 'self'` as the page's do: tests/e2e/worker-csp.spec.ts holds it.
 */
const bootstraps = new Map<string, string>();

/** A `blob:` URL of a module that imports `scriptUrl` (absolute); one per script, kept for the page's life. */
export function workerBootstrapUrl(scriptUrl: string): string {
  let url = bootstraps.get(scriptUrl);
  if (url === undefined) {
    const source = `import ${JSON.stringify(scriptUrl)};\n`;
    url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    bootstraps.set(scriptUrl, url);
  }
  return url;
}
