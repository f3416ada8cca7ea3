/**
 * Vite plugin for the dev server only: index.html's Content-Security-Policy is written for the built
 * site, which has no inline script. The dev server needs one (React Fast Refresh's preamble) and a
 * WebSocket for hot reload, so here — and only here — the policy is relaxed. The build is untouched.
 */
import type { Plugin } from 'vite';

export function devCspRelax(): Plugin {
  return {
    name: 'facewise:dev-csp-relax',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(
        /(http-equiv="Content-Security-Policy"\s+content=")([^"]*)"/,
        (_match, head: string, policy: string) =>
          `${head}${policy
            .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
            .replace("connect-src 'self'", "connect-src 'self' ws: wss:")
            .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")}"`,
      );
    },
  };
}
