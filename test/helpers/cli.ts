/**
 * runCli runs the built loadgen CLI as a user would (the bundle the package.json bin names, in a child process), returning its exit code
 * and output; start() gives the live child for signal tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bundle/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/**
 * runWithJsonReport runs loadgen with `--report json=FILE` (a new file in dir) added to args and
 * returns the parsed report, or null when the run wrote none.
 */
export async function runWithJsonReport<R>(args: readonly string[], dir: string): Promise<{ code: number | null; stderr: string; report: R | null }> {
  const out = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli([...args, '--report', `json=${out}`]);
  let report: R | null = null;
  try {
    report = JSON.parse(readFileSync(out, 'utf8')) as R;
  } catch {
    report = null;
  }
  return { code: r.code, stderr: r.stderr, report };
}
