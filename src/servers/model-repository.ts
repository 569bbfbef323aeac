/**
 * ModelRepository holds the reference server's models and their load state, for the OIP model
 * repository extension (spec: inference-protocols.md 1.1, 3.2): `load` takes a configurable
 * time, during which and after an `unload` the model is not ready and refuses inferences.
 * With instances on, numbered names (`iris3`, `iris3_1`) are served as copies of their type.
 */
import { instanceType, renameModel } from './models/model-instance.js';
import { modelsByName } from './models/model-registry.js';
import type { ReferenceModel } from './models/reference-model.js';

/** ModelState is a model's repository state, as Triton's index reports it. */
export type ModelState = 'READY' | 'LOADING' | 'UNAVAILABLE';

/** MAX_MODEL_INSTANCES bounds the instances created on demand (each holds two small buffers). */
export const MAX_MODEL_INSTANCES = 10_000;

/** RepositoryEntry is one model known to the repository. */
export class RepositoryEntry {
  readonly model: ReferenceModel;
  /** metadata is the prebuilt `GET /v2/models/{m}` answer. */
  readonly metadata: Buffer;
  state: ModelState;
  /** reason explains a non-READY state (`unloaded`, `loading`), empty when READY. */
  reason: string;
  /** generation counts load/unload calls, so a load finishing after an unload changes nothing. */
  generation: number;

  constructor(model: ReferenceModel, state: ModelState) {
    this.model = model;
    const meta = { name: model.name, versions: model.versions, platform: model.platform, inputs: model.inputs, outputs: model.outputs };
    this.metadata = Buffer.from(JSON.stringify(meta));
    this.state = state;
    this.reason = state === 'READY' ? '' : 'unloaded';
    this.generation = 0;
  }

  /** version is the default version served. */
  get version(): string {
    return this.model.versions[0];
  }
}

/** ModelRepositoryOptions configure a ModelRepository. */
export interface ModelRepositoryOptions {
  models: readonly ReferenceModel[];
  /** instances serves numbered names as instances of their type (see instanceType). */
  instances: boolean;
  /** loadTimeMs is how long a load takes (ms). */
  loadTimeMs: number;
  /** startUnloaded makes every model start UNAVAILABLE, as Triton's explicit model control does. */
  startUnloaded: boolean;
}

/** RepositoryIndexEntry is one row of `POST /v2/repository/index`. */
export interface RepositoryIndexEntry {
  name: string;
  version: string;
  state: ModelState;
  reason: string;
}

/** PendingLoad is a load waiting for its load time; done answers the load request. */
class PendingLoad {
  readonly entry: RepositoryEntry;
  readonly generation: number;
  readonly done: (error: string | undefined) => void;
  timer: NodeJS.Timeout | undefined;
  constructor(entry: RepositoryEntry, generation: number, done: (error: string | undefined) => void) {
    this.entry = entry;
    this.generation = generation;
    this.done = done;
    this.timer = undefined;
  }
}

/** ModelRepository tracks models by name and their states. */
export class ModelRepository {
  private readonly types: ReadonlyMap<string, ReferenceModel>;
  private readonly entries: Map<string, RepositoryEntry>;
  private readonly instances: boolean;
  private readonly loadTimeMs: number;
  private readonly initialState: ModelState;
  private readonly pending: Set<PendingLoad>;
  private created: number;

  constructor(o: ModelRepositoryOptions) {
    this.types = modelsByName(o.models);
    this.initialState = o.startUnloaded ? 'UNAVAILABLE' : 'READY';
    this.entries = new Map([...this.types].map(([name, model]) => [name, new RepositoryEntry(model, this.initialState)]));
    this.instances = o.instances;
    this.loadTimeMs = o.loadTimeMs;
    this.pending = new Set();
    this.created = 0;
  }

  /**
   * get finds a model by name; with instances on, a numbered name of a known type becomes a new
   * entry (in the initial state) on first use. Undefined means unknown.
   */
  get(name: string): RepositoryEntry | undefined {
    const entry = this.entries.get(name);
    if (entry !== undefined || !this.instances || this.created >= MAX_MODEL_INSTANCES) return entry;
    const type = instanceType(name, this.types);
    if (type === undefined) return undefined;
    const created = new RepositoryEntry(renameModel(type, name), this.initialState);
    this.entries.set(name, created);
    this.created++;
    return created;
  }

  /** names lists the models known so far. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * load makes a model LOADING, then READY after the load time, then calls done(undefined); an
   * unknown model calls done with the error at once, an unload meanwhile with a cancel error.
   */
  load(name: string, done: (error: string | undefined) => void): void {
    const entry = this.get(name);
    if (entry === undefined) return done(`failed to load "${name}": no such model in the repository`);
    entry.generation++;
    entry.state = 'LOADING';
    entry.reason = 'loading';
    const p = new PendingLoad(entry, entry.generation, done);
    this.pending.add(p);
    if (this.loadTimeMs <= 0) return this.finish(p);
    p.timer = setTimeout(() => this.finish(p), this.loadTimeMs);
  }

  /** unload makes a model UNAVAILABLE at once; it returns an error for an unknown model. */
  unload(name: string): string | undefined {
    const entry = this.get(name);
    if (entry === undefined) return `failed to unload "${name}": no such model in the repository`;
    entry.generation++;
    entry.state = 'UNAVAILABLE';
    entry.reason = 'unloaded';
    return undefined;
  }

  /** index lists the models (only the READY ones when readyOnly), as the repository index answers. */
  index(readyOnly: boolean): RepositoryIndexEntry[] {
    const out: RepositoryIndexEntry[] = [];
    for (const [name, e] of this.entries) {
      if (!readyOnly || e.state === 'READY') out.push({ name, version: e.version, state: e.state, reason: e.reason });
    }
    return out;
  }

  /** finishPending completes every load still waiting, e.g. when the server closes. */
  finishPending(): void {
    for (const p of [...this.pending]) {
      if (p.timer !== undefined) clearTimeout(p.timer);
      this.finish(p);
    }
  }

  private finish(p: PendingLoad): void {
    if (!this.pending.delete(p)) return;
    if (p.entry.generation !== p.generation) return p.done(`load of "${p.entry.model.name}" was cancelled by a later unload or load`);
    p.entry.state = 'READY';
    p.entry.reason = '';
    p.done(undefined);
  }
}
