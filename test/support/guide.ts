// The DRS orchestration guide's own client code, read from the guide (test/fixtures/seeds) at test time,
// never copied into test code, and run as a user would: bash scripts, Python modules, a Step Functions definition.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Endpoints } from '../../infra/local/stack.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The guide, vendored under test/fixtures/seeds so a fresh clone has it. */
export const GUIDE_PATH = resolve(ROOT, 'test/fixtures/seeds/000_af5dc000b6675403.txt');

export interface CodeBlock {
  /** The headings above the block, outermost first (the document title included). */
  headings: string[];
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** Every fenced block of a Markdown text with the headings it sits under (lines in fences are not headings). */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  const path: Array<{ level: number; text: string }> = [];
  let open: { lang: string; start: number; body: string[]; fence: string } | null = null;
  lines.forEach((line, i) => {
    if (open) {
      if (line.trimEnd() === open.fence) {
        blocks.push({ headings: path.map((h) => h.text), lang: open.lang, code: `${open.body.join('\n')}\n`, line: open.start });
        open = null;
      } else open.body.push(line);
      return;
    }
    const fence = /^(`{3,}|~{3,})\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      open = { lang: fence[2], start: i + 1, body: [], fence: fence[1] };
      return;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      while (path.length && path[path.length - 1].level >= level) path.pop();
      path.push({ level, text: heading[2] });
    }
  });
  if (open) throw new Error(`unterminated code fence at line ${(open as { start: number }).start}`);
  return blocks;
}

let cached: CodeBlock[] | undefined;
const guideBlocks = () => (cached ??= codeBlocks(readFileSync(GUIDE_PATH, 'utf8')));

/**
 * The one `lang` block directly under the heading path `under` (the last headings of its path, in
 * order): e.g. ['Configuration Backup and Restore (Complete Walkthrough)', 'Complete Script'].
 */
export function guideBlock(under: string[], lang: string): CodeBlock {
  const found = guideBlocks().filter(
    (b) => b.lang === lang && b.headings.length >= under.length && under.every((h, i) => b.headings[b.headings.length - under.length + i] === h),
  );
  if (found.length !== 1) throw new Error(`expected one ${lang} block under "${under.join(' › ')}" in the guide, found ${found.length}`);
  return found[0];
}

/** A shell function's definition (`name() {` … the `}` that closes it at column 0) out of a script. */
export function shellFunction(script: string, name: string): string {
  const lines = script.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^${name}\\s*\\(\\)\\s*\\{\\s*$`).test(l));
  if (start < 0) throw new Error(`no function ${name}() in the script`);
  const end = lines.findIndex((l, i) => i > start && l === '}');
  if (end < 0) throw new Error(`function ${name}() does not end`);
  return `${lines.slice(start, end + 1).join('\n')}\n`;
}

/** A script's lines before the first line matching `stop` (exclusive). */
export function linesBefore(script: string, stop: RegExp): string {
  const lines = script.split('\n');
  const end = lines.findIndex((l) => stop.test(l));
  if (end < 0) throw new Error(`no line matching ${stop} in the script`);
  return `${lines.slice(0, end).join('\n')}\n`;
}

const made: string[] = [];
/** A fresh directory under the OS temp dir; removeTempDirs() deletes every one made. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeExecutable(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text, { mode: 0o755 });
  return file;
}

/** The first executable `name` on PATH (outside `skip`). */
export function which(name: string, skip: string[] = []): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || skip.includes(dir)) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  throw new Error(`${name} is not on PATH`);
}

/**
 * A directory holding an `aws` that drops AWS CLI v2's `--cli-binary-format <value>` (the v1 CLI here
 * rejects it and already passes `--payload` raw) and runs the real CLI with everything else.
 */
export function awsWrapperDir(): string {
  const dir = tempDir('guide-aws');
  const real = which('aws', [dir]);
  writeExecutable(
    dir,
    'aws',
    `#!/bin/bash
# AWS CLI v1 rejects v2's --cli-binary-format; v1 sends --payload raw, which is what the flag asks v2 to do.
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --cli-binary-format) shift; [ $# -gt 0 ] && shift ;;
    --cli-binary-format=*) shift ;;
    *) args+=("$1"); shift ;;
  esac
done
exec ${JSON.stringify(real)} "\${args[@]}"
`,
  );
  return dir;
}

/** What a script finds in its environment: the local AWS endpoint and the local IAM principal's keys. */
export function scriptEnv(ep: Endpoints, extra: Record<string, string> = {}, pathFirst: string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_DEFAULT_PROFILE']) delete env[k];
  for (const k of Object.keys(env)) if (k.startsWith('AWS_ENDPOINT_URL_')) delete env[k];
  return {
    ...env,
    PATH: [...pathFirst, process.env.PATH ?? ''].join(delimiter),
    AWS_ENDPOINT_URL: ep.awsEndpoint,
    AWS_ACCESS_KEY_ID: ep.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ep.credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REGION: 'us-east-1',
    AWS_PAGER: '',
    // No stray ~/.aws config may redirect the clients.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    ...extra,
  };
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a program asynchronously (execFile: the event loop, and the stack in this process, keep serving). */
export function runProgram(file: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number }): Promise<Ran> {
  const t0 = Date.now();
  return new Promise((done) => {
    execFile(file, args, { env: opts.env, cwd: opts.cwd, timeout: opts.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
      done({
        code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
        signal: e?.signal ?? null,
        stdout: String(stdout),
        stderr: String(stderr),
        ms: Date.now() - t0,
      });
    });
  });
}

/** Terminal colours out of a script's output. */
export const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** A readable account of a run for failure messages. */
export const describeRun = (what: string, r: Ran) =>
  `${what}: exit ${r.code}${r.signal ? ` (${r.signal})` : ''} after ${r.ms} ms\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

// ----------------------------------------------------------------------------------------- ASL mends

/** Splits an intrinsic's argument list at top-level commas (quotes and nested calls respected). */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      cur += ch;
      if (ch === '\\') cur += s[++i] ?? '';
      else if (ch === "'") quoted = false;
      continue;
    }
    if (ch === "'") quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** The index just after the `)` closing the call whose `(` is at `open`. */
function closing(s: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === "'") quoted = false;
    } else if (ch === "'") quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced intrinsic: ${s}`);
}

/** `States.JsonMerge(a, b)` → `States.JsonMerge(a, b, false)`: Step Functions requires the deep-merge flag. */
export function mendJsonMerge(expr: string): string {
  const name = 'States.JsonMerge(';
  let out = '';
  let i = 0;
  for (;;) {
    const at = expr.indexOf(name, i);
    if (at < 0) return out + expr.slice(i);
    const open = at + name.length - 1;
    const end = closing(expr, open);
    const args = splitArgs(expr.slice(open + 1, end - 1)).map(mendJsonMerge);
    out += expr.slice(i, at) + `${name}${args.join(', ')}${args.length === 2 ? ', false' : ''})`;
    i = end;
  }
}

export interface Mended {
  definition: Record<string, unknown> & { States: Record<string, Record<string, unknown>> };
  /** Names of the states whose JSON changed. */
  changed: string[];
  /** Paths a downstream state read, and where the value now is: `$.planResult.plans` → `$.planResult.body.plans`. */
  moved: Record<string, string>;
}

/**
 * The two mends DESIGN.md allows on the guide's ASL, and nothing else:
 * - a ResultSelector entry `"x.$": "States.StringToJson($.Payload.body).y"` (a path after an
 *   intrinsic's result, which Step Functions refuses) becomes `"body.$": "States.StringToJson($.Payload.body)"`,
 *   and every reference to `<ResultPath>.x` anywhere in the definition reads `<ResultPath>.body.y`;
 * - `States.JsonMerge` with two arguments gets the third, `false` (unless `jsonMerge: false`, to show
 *   that this mend is needed too).
 */
export function mendGuideAsl(original: unknown, opts: { jsonMerge?: boolean } = {}): Mended {
  const def = structuredClone(original) as Mended['definition'];
  const moved: Record<string, string> = {};
  const FIELD = 'body';
  for (const state of Object.values(def.States)) {
    const selector = state.ResultSelector as Record<string, unknown> | undefined;
    if (!selector) continue;
    const resultPath = typeof state.ResultPath === 'string' ? state.ResultPath : '$';
    for (const [key, value] of Object.entries(selector)) {
      if (!key.endsWith('.$') || typeof value !== 'string' || !value.startsWith('States.')) continue;
      const end = closing(value, value.indexOf('('));
      const rest = value.slice(end);
      if (!rest) continue;
      if (!/^(\.[A-Za-z_]\w*|\[\d+\])+$/.test(rest)) throw new Error(`cannot mend ResultSelector ${key}: ${value}`);
      if (FIELD in selector || `${FIELD}.$` in selector) throw new Error(`ResultSelector already has ${FIELD}`);
      delete selector[key];
      selector[`${FIELD}.$`] = value.slice(0, end);
      moved[`${resultPath}.${key.slice(0, -2)}`] = `${resultPath}.${FIELD}${rest}`;
    }
  }
  const rewrite = (s: string): string => {
    let out = s;
    for (const [from, to] of Object.entries(moved)) {
      const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out.replace(new RegExp(`${escaped}(?![\\w])`, 'g'), to);
    }
    return opts.jsonMerge === false ? out : mendJsonMerge(out);
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return rewrite(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  // Only values change (a ResultSelector's keys were handled above); comments are prose.
  for (const [name, state] of Object.entries(def.States)) def.States[name] = walk(state) as Record<string, unknown>;
  const before = (original as Mended['definition']).States;
  const changed = Object.keys(def.States)
    .filter((n) => JSON.stringify(def.States[n]) !== JSON.stringify(before[n]))
    .sort();
  return { definition: def, changed, moved };
}
