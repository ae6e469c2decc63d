// What is running: the package version and the commit it was built from. A bundle carries both
// as constants (infra/bundling.ts defines them at build time); locally (tsx) they are read from
// package.json and `git rev-parse` once, on first use.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

declare const __TONGBAO_VERSION__: string | undefined;
declare const __TONGBAO_COMMIT__: string | undefined;

export interface BuildInfo {
  version: string;
  commit: string;
}

let info: BuildInfo | undefined;

function fromRepository(): BuildInfo {
  const root = new URL('..', import.meta.url);
  let version = 'unknown';
  let commit = 'unknown';
  try {
    version = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version;
  } catch {
    /* not in a checkout */
  }
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    /* no git */
  }
  return { version, commit };
}

export function buildInfo(): BuildInfo {
  info ??=
    typeof __TONGBAO_VERSION__ === 'string' && typeof __TONGBAO_COMMIT__ === 'string'
      ? { version: __TONGBAO_VERSION__, commit: __TONGBAO_COMMIT__ }
      : fromRepository();
  return info;
}
