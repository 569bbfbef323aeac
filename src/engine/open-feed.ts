/**
 * openFeed builds a worker's RequestFeed from its shard: the prepared requests turned into undici
 * options once, or a lazy reader of the targets file for vegeta's -lazy mode.
 */
import { readFileSync } from 'node:fs';
import { globalHit, type Shard } from './shard.js';
import { readTargetsLazily, type Target } from '../protocols/targets.js';
import { preparedFromTarget } from '../protocols/prepared-from-target.js';
import { toDispatchTarget } from './dispatch-targets.js';
import { toGrpcTarget } from './grpc-targets.js';
import { LazyFeed, ListFeed, MixedFeed, type RequestFeed } from './request-feed.js';
import type { GrpcSource } from '../plan/plan.js';
import type { DispatchTarget } from '../transports/exchange.js';
import type { PreparedHttpRequest } from '../protocols/prepared-request.js';
import type { TransportSet } from './transport-set.js';

export async function openFeed(shard: Shard, transports: TransportSet): Promise<RequestFeed> {
  const { plan } = shard;
  const source = plan.source;
  const dispatchable = (t: PreparedHttpRequest) =>
    toDispatchTarget(t, plan.http, plan.vegetaHeaders, plan.meta.name, transports.for(t.origin));
  if (source.kind === 'list') return new ListFeed(source.requests.map(dispatchable));
  const grpcFeed = async (g: GrpcSource): Promise<RequestFeed> => {
    const transport = transports.grpc(g);
    if (g.dynamic !== null) {
      // Loaded only for templated calls: it brings protobufjs, which fixed calls never need.
      const { TemplatedGrpcFeed } = await import('./templated-grpc-feed.js');
      return new TemplatedGrpcFeed(g, g.dynamic, shard.index, plan.http.timeoutNs, transport);
    }
    return new ListFeed(g.calls.map((c) => toGrpcTarget(c, g, plan.http.timeoutNs, transport)));
  };
  if (source.kind === 'grpc') return grpcFeed(source);
  if (source.kind === 'mixed') return new MixedFeed(source.pattern, [new ListFeed(source.http.requests.map(dispatchable)), await grpcFeed(source.grpc)]);
  const body = source.bodyPath === null ? null : readFileSync(source.bodyPath);
  const targets = readTargetsLazily(source.path, source.format, {
    headers: source.headers.map(([k, v]) => [k, v] as [string, string]),
    body,
    readBodyFile: (p: string) => readFileSync(p),
  });
  // Target t goes with hit t: this worker's hits are those of index s + N*w in steps of N*W.
  const feed = new LazyFeed(mapTargets(targets, dispatchable), globalHit(shard.segment, shard.index), shard.segment.count * shard.count);
  await feed.ready();
  return feed;
}

async function* mapTargets(
  targets: AsyncIterable<Target>,
  convert: (t: PreparedHttpRequest) => DispatchTarget,
): AsyncIterable<DispatchTarget> {
  for await (const t of targets) yield convert(preparedFromTarget(t));
}
