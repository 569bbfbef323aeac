/**
 * deploy/k8s rendered offline (test/deploy/kustomize-subset.ts: resources + JSON 6902 patches)
 * and every object validated against the Kubernetes schemas of kubernetes-models (types, enums,
 * required fields, int32 ranges), then what a user relies on: the Indexed Job's completions =
 * parallelism = LOADGEN_SHARDS, each pod's --shard-from-env, a start barrier and its own record
 * on the volume the merge Job reads, the same image everywhere, a non-root read-only container,
 * the Prometheus scrape annotation on the port loadgen serves, and the flags the Job passes
 * being ones loadgen accepts (checked by a --dry-run of the rendered command line).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, PersistentVolumeClaim } from 'kubernetes-models/v1';
import { kustomizationDir, renderKustomization, type K8sObject } from './kustomize-subset.js';
import { runCli } from '../helpers/cli.js';

const MODELS: Record<string, new (o: never) => { validate(): void }> = { Job, ConfigMap, PersistentVolumeClaim };

type Container = {
  image: string;
  args: string[];
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ configMapRef: { name: string } }>;
  ports?: Array<{ containerPort: number }>;
  resources: { requests: { cpu: string } };
  securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean };
  volumeMounts: Array<{ name: string; mountPath: string }>;
};
type PodSpec = { securityContext: { runAsNonRoot: boolean; runAsUser: number }; containers: Container[]; volumes: Array<{ name: string; persistentVolumeClaim?: { claimName: string }; configMap?: { name: string } }> };
type JobObject = K8sObject & { spec: { completionMode?: string; completions?: number; parallelism?: number; template: { metadata: { annotations: Record<string, string> }; spec: PodSpec } } };

function validated(dir: string): K8sObject[] {
  const objects = renderKustomization(kustomizationDir(dir));
  for (const o of objects) {
    const Model = MODELS[o.kind];
    assert.ok(Model !== undefined, `${dir}: ${o.kind} has no schema in this test`);
    assert.doesNotThrow(() => new Model(o as never).validate(), `${dir}: ${o.kind}/${o.metadata.name}`);
  }
  return objects;
}

const jobOf = (objects: K8sObject[], name: string) => objects.find((o) => o.kind === 'Job' && o.metadata.name === name) as JobObject;
const claimOf = (spec: PodSpec, mountPath: string) => {
  const mount = spec.containers[0].volumeMounts.find((m) => m.mountPath === mountPath)!;
  return spec.volumes.find((v) => v.name === mount.name)?.persistentVolumeClaim?.claimName;
};

test('the schemas reject what the cluster would (the validation can fail)', () => {
  const job = jobOf(validated('overlays/sharded'), 'loadgen');
  const broken = structuredClone(job);
  (broken.spec as Record<string, unknown>).completions = '3';
  assert.throws(() => new Job(broken as never).validate(), /completions must be integer/);
  const badMode = structuredClone(job);
  badMode.spec.completionMode = 'indexed';
  assert.throws(() => new Job(badMode as never).validate(), /completionMode/);
});

test('overlays/single: one pod, non-root, read-only root, results on the volume, scraped by Prometheus', () => {
  const objects = validated('overlays/single');
  assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort(), ['ConfigMap/loadgen-config', 'ConfigMap/loadgen-payloads', 'Job/loadgen', 'PersistentVolumeClaim/loadgen-results']);
  const job = jobOf(objects, 'loadgen');
  assert.equal(job.spec.completionMode, undefined);
  const pod = job.spec.template.spec;
  const c = pod.containers[0];
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.ok(pod.securityContext.runAsUser > 0);
  assert.equal(c.securityContext.readOnlyRootFilesystem, true);
  assert.equal(c.securityContext.allowPrivilegeEscalation, false);
  assert.equal(claimOf(pod, '/results'), 'loadgen-results');
  assert.equal(c.resources.requests.cpu, '1');
  const config = objects.find((o) => o.metadata.name === 'loadgen-config') as K8sObject & { data: Record<string, string> };
  const port = Number(config.data.LOADGEN_PROMETHEUS_ADDR.split(':').pop());
  assert.equal(job.spec.template.metadata.annotations['prometheus.io/scrape'], 'true');
  assert.equal(Number(job.spec.template.metadata.annotations['prometheus.io/port']), port);
  assert.deepEqual(c.ports?.map((p) => p.containerPort), [port]);
  const payloads = objects.find((o) => o.metadata.name === 'loadgen-payloads') as K8sObject & { data: Record<string, string> };
  const mount = c.volumeMounts.find((m) => pod.volumes.find((v) => v.name === m.name)?.configMap?.name === 'loadgen-payloads')!;
  assert.ok(config.data.LOADGEN_PAYLOAD.startsWith(`${mount.mountPath}/`));
  assert.ok(config.data.LOADGEN_PAYLOAD.slice(mount.mountPath.length + 1) in payloads.data);
});

test('overlays/sharded + merge: N = completions = parallelism = LOADGEN_SHARDS, one record per shard on the volume the merge reads', () => {
  const objects = validated('overlays/sharded');
  const job = jobOf(objects, 'loadgen');
  const c = job.spec.template.spec.containers[0];
  const shards = Number(c.env?.find((e) => e.name === 'LOADGEN_SHARDS')?.value);
  assert.equal(job.spec.completionMode, 'Indexed');
  assert.equal(job.spec.completions, shards);
  assert.equal(job.spec.parallelism, shards);
  assert.ok(c.args.includes('--shard-from-env'));
  assert.ok(c.args.includes('--start-barrier'));
  assert.equal(c.args[c.args.indexOf('--result') + 1], '/results/shard-$(JOB_COMPLETION_INDEX).json');
  const merge = jobOf(validated('merge'), 'loadgen-merge');
  const m = merge.spec.template.spec.containers[0];
  assert.equal(m.image, c.image);
  assert.equal(claimOf(merge.spec.template.spec, '/results'), claimOf(job.spec.template.spec, '/results'));
  assert.equal(m.args[0], 'merge');
  assert.deepEqual(m.args.filter((a) => /^\/results\/shard-\d+\.json$/.test(a)), Array.from({ length: shards }, (_, i) => `/results/shard-${i}.json`));
  assert.equal(m.securityContext.readOnlyRootFilesystem, true);
});

test('the sharded pod\'s command line and ConfigMap env make a plan loadgen accepts (dry run as the kubelet would start it)', async () => {
  const objects = validated('overlays/sharded');
  const job = jobOf(objects, 'loadgen');
  const c = job.spec.template.spec.containers[0];
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-k8s-'));
  const data = (name: string) => (objects.find((o) => o.metadata.name === name) as K8sObject & { data: Record<string, string> }).data;
  const config = data('loadgen-config');
  assert.deepEqual(c.envFrom?.map((e) => e.configMapRef.name), ['loadgen-config']);
  // The payloads ConfigMap's files, where its volume would mount them (here under the temp folder).
  const payloadFile = config.LOADGEN_PAYLOAD.split('/').pop()!;
  writeFileSync(join(dir, payloadFile), data('loadgen-payloads')[payloadFile]);
  // What the kubelet gives the pod: the ConfigMap as env (envFrom), the container's env, $(VAR) substituted.
  const env: Record<string, string> = { ...config, LOADGEN_PAYLOAD: join(dir, payloadFile), JOB_COMPLETION_INDEX: '2', RUN_ID: 'uid-1' };
  for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  const args = c.args.map((a) => a.replace(/\$\((\w+)\)/g, (_, v: string) => env[v]).replace(/^\/results\//, `${dir}/`));
  const r = await runCli([...args, '--dry-run'], env);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as { meta: { target: string }; segment: { index: number; count: number }; startGate: { kind: string; dir: string } };
  assert.deepEqual(plan.segment, { index: 2, count: Number(env.LOADGEN_SHARDS) });
  assert.ok(plan.meta.target.startsWith(`${config.LOADGEN_URL} model ${config.LOADGEN_MODEL}`), plan.meta.target);
  assert.equal(plan.startGate.kind, 'barrier');
  assert.equal(plan.startGate.dir, `${dir}/barrier-uid-1`);
});
