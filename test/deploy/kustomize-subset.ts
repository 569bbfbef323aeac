/**
 * renderKustomization renders the small subset of Kustomize that deploy/k8s uses, so the tests can
 * check the objects `kubectl apply -k` would send without a kustomize binary: `resources` (files,
 * or directories holding a kustomization.yaml, rendered first, in order) and `patches` with an
 * inline JSON 6902 patch (`op` add, replace or remove) and a `target` matched by group, version,
 * kind and name. Any other key of a kustomization, or any other patch form, is refused rather
 * than ignored, so the manifests cannot drift past what this renders honestly.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** K8sObject is one rendered manifest. */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; [k: string]: unknown }; [k: string]: unknown };

interface Patch {
  target: { group?: string; version?: string; kind?: string; name?: string };
  patch: string;
}

const KNOWN_KEYS = new Set(['apiVersion', 'kind', 'resources', 'patches']);

export function renderKustomization(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  const k = parse(readFileSync(file, 'utf8')) as { resources?: string[]; patches?: Patch[] };
  for (const key of Object.keys(k)) if (!KNOWN_KEYS.has(key)) throw new Error(`${file}: "${key}" is outside the rendered subset (resources, patches)`);
  const objects: K8sObject[] = [];
  for (const r of k.resources ?? []) {
    const path = join(dir, r);
    if (statSync(path).isDirectory()) objects.push(...renderKustomization(path));
    else for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) objects.push(doc.toJS() as K8sObject);
  }
  for (const p of k.patches ?? []) {
    const hits = objects.filter((o) => matches(o, p.target));
    if (hits.length === 0) throw new Error(`${file}: patch target ${JSON.stringify(p.target)} matches no object`);
    const ops = parse(p.patch) as Array<{ op: string; path: string; value?: unknown }>;
    for (const o of hits) for (const op of ops) applyOp(o, op, file);
  }
  return objects;
}

function matches(o: K8sObject, t: Patch['target']): boolean {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  return (t.group === undefined || t.group === group) && (t.version === undefined || t.version === version) && (t.kind === undefined || t.kind === o.kind) && (t.name === undefined || t.name === o.metadata.name);
}

/** applyOp applies one RFC 6902 operation (add, replace, remove) at a JSON pointer. */
function applyOp(root: unknown, op: { op: string; path: string; value?: unknown }, file: string): void {
  const keys = op.path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop()!;
  let parent = root as Record<string, unknown> | unknown[];
  for (const key of keys) {
    const next = Array.isArray(parent) ? parent[Number(key)] : parent[key];
    if (typeof next !== 'object' || next === null) throw new Error(`${file}: ${op.op} ${op.path}: no ${key} there`);
    parent = next as Record<string, unknown> | unknown[];
  }
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (op.op === 'add') parent.splice(i, 0, op.value);
    else if (op.op === 'replace' && i < parent.length) parent[i] = op.value;
    else if (op.op === 'remove' && i < parent.length) parent.splice(i, 1);
    else throw new Error(`${file}: ${op.op} ${op.path}: not an operation on this list`);
    return;
  }
  if (op.op === 'add') parent[last] = op.value;
  else if ((op.op === 'replace' || op.op === 'remove') && last in parent) {
    if (op.op === 'replace') parent[last] = op.value;
    else delete parent[last];
  } else throw new Error(`${file}: ${op.op} ${op.path}: ${op.op === 'add' ? 'unknown op' : 'nothing there to ' + op.op}`);
}

/** kustomizationDir is deploy/k8s/<sub> of the repository (the tests run from dist/test/deploy). */
export function kustomizationDir(sub: string): string {
  return join(dirname(new URL(import.meta.url).pathname), '../../../deploy/k8s', sub);
}
