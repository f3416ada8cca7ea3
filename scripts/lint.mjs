#!/usr/bin/env node
/**
 * npm run lint: ESLint on the whole tree with eslint.config.js, zero warnings allowed. The linter's
 * toolchain (ESLint, typescript-eslint and the TypeScript 5.9 it needs) lives in tools/lint, apart from
 * the app's TypeScript 7; it is installed from its lockfile here when missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!existsSync('tools/lint/node_modules/eslint/package.json')) {
  run('npm', ['ci', '--prefix', 'tools/lint', '--no-audit', '--no-fund']);
}
run(process.execPath, ['tools/lint/node_modules/eslint/bin/eslint.js', '--max-warnings=0', ...process.argv.slice(2), '.']);
