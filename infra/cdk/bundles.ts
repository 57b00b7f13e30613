// The build outputs the stack deploys (esbuild, `npm run build` → dist/). CDK only packages them, so a
// missing bundle is a build problem: synth fails early and says how to fix it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAMBDAS, lambdaBundleDir, resolverCode } from '../api.ts';

/** The repository root: paths in infra/api.ts are relative to it, whatever the caller's cwd. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const fromRoot = (relative: string): string => join(ROOT, relative);

/** Every file under dist/ the stack references (repository-relative). */
export function requiredBundles(): string[] {
  const files = resolverCode().map((c) => c.bundle);
  for (const fn of Object.keys(LAMBDAS)) files.push(`${lambdaBundleDir(fn)}/index.mjs`);
  return files;
}

export function missingBundles(): string[] {
  return requiredBundles().filter((f) => !existsSync(fromRoot(f)));
}

export function assertBundlesBuilt(): void {
  const missing = missingBundles();
  if (missing.length === 0) return;
  if (!existsSync(fromRoot('dist'))) {
    throw new Error('drs-orchestrator: dist/ is missing. Run `npm run build` first (or `npm run synth`, which builds and then synthesizes).');
  }
  const shown = missing.slice(0, 10).map((f) => `  - ${f}`);
  if (missing.length > shown.length) shown.push(`  - … and ${missing.length - shown.length} more`);
  throw new Error(
    [
      `drs-orchestrator: ${missing.length} bundle(s) the stack deploys are missing from dist/:`,
      ...shown,
      'Run `npm run build` first (or `npm run synth`, which builds and then synthesizes).',
    ].join('\n'),
  );
}
