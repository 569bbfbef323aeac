/**
 * The sections of `npm run bench`: each runs one bench (bench/http, bench/grpc, ...) with the
 * run's settings and turns its runs into table figures (medians over rounds, loadgen / peer).
 */
import { median } from './lib/bench-env.js';
import { figure, target, type Figure } from './lib/figures.js';
import { CONNECTIONS, latency, throughput } from './http/http-bench.js';
import { scaling as scalingRuns } from './http/scaling.js';
import { CONCURRENCY, grpcBench, perCpu, perCpuNet, summary, type Row } from './grpc/grpc-bench.js';
import { OPEN_LOOP_CONNECTIONS, openLoopAccuracy, type Lateness } from './open-loop/accuracy.js';
import { BODY_CONNECTIONS, tensorBodies } from './tensor/bodies.js';
import { STARTUP_PEERS, startup } from './startup/startup.js';
import { RSS_RATE, rssAt, rssOverTime } from './rss/rss.js';
import { SOAK_GRPC_RATE, SOAK_HTTP_RATE, SOAK_SAMPLE_S, rssStats, soak, type SoakRun } from './soak/soak.js';

export interface Settings {
  seconds: number;
  rounds: number;
  warmupS: number;
  probes: number;
  startupRuns: number;
  rssSeconds: number;
  /** soakMinutes is how long each soak runs (`--minutes`, default 10). */
  soakMinutes: number;
}

export interface Section {
  title: string;
  run: (s: Settings) => Promise<{ figures: Figure[]; raw: unknown }>;
  /**
   * own marks a long section that runs only when --only names it (never by default or with
   * --quick) and keeps its figures apart: results.json's `own.<name>` and its own marked table
   * in bench/README.md, so a soak leaves the main table standing and the reverse.
   */
  own?: boolean;
}

export const OPEN_LOOP_RATES = [1_000, 10_000, 50_000] as const;
/** GRPC_TODAY is issue 13's gRPC figure: calls per client CPU-s, start-up included, before the work on it. */
const GRPC_TODAY = 13_900;
const NOT_INSTALLED = 'not installed';

const http: Section = {
  title: `HTTP throughput (nginx, closed loop, ${CONNECTIONS} connections) and latency added over a 10 ms server at c=1`,
  run: async (s) => {
    const tp = await throughput(s.seconds, s.rounds);
    const lat = await latency(s.seconds, s.rounds, s.warmupS);
    const rps = (name: string) => median(tp[name].map((r) => r.rps));
    const perCpuS = (name: string) => median(tp[name].map((r) => r.requests / r.cpuS));
    const figures: Figure[] = [];
    const section = 'HTTP c64';
    for (const peer of ['wrk', 'hey', 'autocannon']) {
      figures.push(figure({ section, name: 'throughput', unit: 'req/s', loadgen: rps('loadgen'), peer, peerValue: rps(peer), target: null }));
    }
    for (const peer of ['wrk', 'hey', 'autocannon']) {
      const ratio = perCpuS('loadgen') / perCpuS(peer);
      const t = peer === 'wrk' ? target('>= 0.65x wrk', ratio >= 0.65) : null;
      figures.push(figure({ section, name: 'requests per client CPU-s (whole process)', unit: 'req/CPU-s', loadgen: perCpuS('loadgen'), peer, peerValue: perCpuS(peer), target: t }));
    }
    const added = (name: 'loadgen' | 'wrk', k: 'p50' | 'p99') => median(lat[name].map((r) => r[k])) - 10;
    for (const k of ['p50', 'p99'] as const) {
      figures.push(figure({ section: 'HTTP c1, 10 ms server', name: `${k} added over 10 ms`, unit: 'ms', loadgen: added('loadgen', k), peer: 'wrk', peerValue: added('wrk', k), target: null }));
    }
    return { figures, raw: { throughput: tp, latency: lat } };
  },
};

const scaling: Section = {
  title: `HTTP scaling from 1 to 2 workers (nginx on core 0, the generator on both cores, closed loop, ${CONNECTIONS} connections)`,
  run: async (s) => {
    const runs = await scalingRuns(s.seconds, s.rounds);
    const rps = (name: string) => median(runs[name].map((r) => r.rps));
    const busy = (name: string, core: number) => median(runs[name].map((r) => r.coreBusy[core] * 100));
    const section = 'HTTP c64, 1 -> 2 workers';
    const figures: Figure[] = [];
    for (const n of [1, 2]) {
      figures.push(figure({ section, name: `throughput, ${n} worker${n > 1 ? 's' : ''}`, unit: 'req/s', loadgen: rps(`loadgen --workers ${n}`), peer: `wrk -t${n}`, peerValue: rps(`wrk -t${n}`), target: null }));
    }
    const ratio = (a: string, b: string) => rps(b) / rps(a);
    figures.push(figure({ section, name: '2 workers / 1 worker', unit: 'x', loadgen: ratio('loadgen --workers 1', 'loadgen --workers 2'), peer: 'wrk -t2 / -t1', peerValue: ratio('wrk -t1', 'wrk -t2'), target: null }));
    for (const core of [0, 1]) {
      figures.push(figure({ section, name: `core ${core} busy, 2 workers${core === 0 ? ' (nginx pinned here)' : ''}`, unit: '%', loadgen: busy('loadgen --workers 2', core), peer: 'wrk -t2', peerValue: busy('wrk -t2', core), target: null }));
    }
    return { figures, raw: runs };
  },
};

const grpc: Section = {
  title: `gRPC unary (grpc-js server, ${CONCURRENCY} in flight on 1 connection): calls per client CPU-s`,
  run: async (s) => {
    const rows = await grpcBench({ seconds: s.seconds, rounds: s.rounds, warmupS: s.warmupS, probes: s.probes });
    summary(rows, s.seconds, s.rounds);
    const m = (name: string, f: (r: Row) => number) => median(rows[name].map(f));
    const section = 'gRPC c64';
    const figures: Figure[] = [];
    for (const peer of ['grpc-js', 'h2load']) {
      const t = peer === 'grpc-js' ? target(`>= 2x issue's ${GRPC_TODAY} (${2 * GRPC_TODAY}; issue measured vs ghz, -c 64 --connections 4)`, m('loadgen', perCpu) >= 2 * GRPC_TODAY) : null;
      figures.push(figure({ section, name: 'calls per client CPU-s, start-up included', unit: 'calls/CPU-s', loadgen: m('loadgen', perCpu), peer: peer === 'grpc-js' ? 'grpc-js loop' : peer, peerValue: m(peer, perCpu), target: t }));
    }
    for (const peer of ['grpc-js', 'h2load']) {
      figures.push(figure({ section, name: 'calls per client CPU-s, net of fixed CPU', unit: 'calls/CPU-s', loadgen: m('loadgen', perCpuNet), peer: peer === 'grpc-js' ? 'grpc-js loop' : peer, peerValue: m(peer, perCpuNet), target: null }));
    }
    for (const peer of ['grpc-js', 'h2load']) {
      figures.push(figure({ section, name: 'calls/s (server-bound when its core saturates)', unit: 'calls/s', loadgen: m('loadgen', (r) => r.rate), peer: peer === 'grpc-js' ? 'grpc-js loop' : peer, peerValue: m(peer, (r) => r.rate), target: null }));
    }
    figures.push(figure({ section, name: 'ghz', unit: '', loadgen: null, peer: 'ghz', peerValue: null, note: NOT_INSTALLED, target: null }));
    return { figures, raw: rows };
  },
};

const openLoop: Section = {
  title: `open-loop accuracy against nginx at ${OPEN_LOOP_RATES.join(', ')} req/s (attack --workers 1 --connections ${OPEN_LOOP_CONNECTIONS})`,
  run: async (s) => {
    const runs = await openLoopAccuracy(OPEN_LOOP_RATES, s.seconds, s.rounds);
    const figures: Figure[] = [];
    for (const rate of OPEN_LOOP_RATES) {
      const section = `open loop ${rate / 1000}k/s`;
      const m = (f: (r: (typeof runs)[number][number]) => number) => median(runs[rate].map(f));
      const err = m((r) => r.rateErrorPct);
      // The pace is the scheduler's: with the connection cap a request queued for a connection counts as sent, so the
      // target also asks that the responses kept up (>= 99 % of the rate) and none failed.
      const keptUp = m((r) => r.responseRate) >= 0.99 * rate && m((r) => r.failedPct) === 0;
      const t = target(`< 0.1 % (responses kept up: ${keptUp ? 'yes' : 'no'})`, Math.abs(err) < 0.1 && keptUp);
      figures.push(figure({ section, name: 'rate error (achieved pace vs rate)', unit: '%', loadgen: err, peer: 'vegeta', peerValue: null, note: NOT_INSTALLED, target: t }));
      figures.push(figure({ section, name: 'responses/s (first send to last response)', unit: 'req/s', loadgen: m((r) => r.responseRate), peer: null, peerValue: null, target: null }));
      figures.push(figure({ section, name: 'failed requests', unit: '%', loadgen: m((r) => r.failedPct), peer: null, peerValue: null, target: null }));
      figures.push(figure({ section, name: 'first second: sends vs schedule', unit: '%', loadgen: m((r) => r.firstSecondErrorPct), peer: null, peerValue: null, target: null }));
      const late = (k: keyof Lateness, first: boolean) => m((r) => (first ? r.firstSecond : r.lateness)[k] / 1000);
      for (const [k, label] of [['p50Us', 'p50'], ['p99Us', 'p99'], ['maxUs', 'max']] as const) {
        figures.push(figure({ section, name: `send lateness ${label}`, unit: 'ms', loadgen: late(k, false), peer: null, peerValue: null, target: null }));
      }
      for (const [k, label] of [['p99Us', 'p99'], ['maxUs', 'max']] as const) {
        figures.push(figure({ section, name: `send lateness ${label}, first second`, unit: 'ms', loadgen: late(k, true), peer: null, peerValue: null, target: null }));
      }
    }
    return { figures, raw: runs };
  },
};

const tensor: Section = {
  title: `600 KB tensor bodies (POST to nginx, closed loop, ${BODY_CONNECTIONS} connections) vs wrk`,
  run: async (s) => {
    const runs = await tensorBodies(s.seconds, s.rounds);
    const m = (name: 'loadgen' | 'wrk', k: 'rps' | 'p50Ms') => median(runs[name].map((r) => r[k]));
    const section = '600 KB bodies c8';
    return {
      figures: [
        figure({ section, name: 'throughput', unit: 'req/s', loadgen: m('loadgen', 'rps'), peer: 'wrk', peerValue: m('wrk', 'rps'), target: null }),
        figure({ section, name: 'service time p50', unit: 'ms', loadgen: m('loadgen', 'p50Ms'), peer: 'wrk', peerValue: m('wrk', 'p50Ms'), target: null }),
      ],
      raw: runs,
    };
  },
};

const startupSection: Section = {
  title: 'start-up: exec -> first request byte at a local server, and --help wall time',
  run: async (s) => {
    const times = await startup(s.startupRuns);
    const section = 'start-up';
    const figures: Figure[] = [];
    const ours = times.loadgen;
    const peers = Object.keys(STARTUP_PEERS).filter((p) => p !== 'loadgen');
    for (const [k, name, limit] of [['firstRequestMs', 'exec -> first request byte (median)', 150], ['helpMs', '--help wall time (median)', 100]] as const) {
      const value = median(ours[k]);
      for (const peer of peers) {
        const t = peer === peers[0] ? target(`<= ${limit} ms`, value <= limit) : null;
        const peerValue = times[peer] === undefined ? null : median(times[peer][k]);
        figures.push(figure({ section, name, unit: 'ms', loadgen: value, peer, peerValue, note: NOT_INSTALLED, target: t }));
      }
    }
    return { figures, raw: times };
  },
};

const rss: Section = {
  title: `RSS over time: open loop at ${RSS_RATE} req/s (loadgen --workers 2), VmRSS once a second`,
  run: async (s) => {
    const series = await rssOverTime(s.rssSeconds);
    const section = `RSS ${RSS_RATE / 1000}k/s ${s.rssSeconds}s`;
    const ours = series.loadgen;
    const at10 = rssAt(ours, 10);
    const end = rssAt(ours, ours.length);
    const max = Math.max(...ours);
    const flat = end <= at10 * 1.1;
    const figures: Figure[] = [];
    const points: Array<[string, (x: number[]) => number]> = [
      ['RSS at 1 s', (x) => rssAt(x, 1)],
      ['RSS at 10 s', (x) => rssAt(x, 10)],
      [`RSS at end (${s.rssSeconds} s)`, (x) => rssAt(x, x.length)],
      ['RSS max', (x) => Math.max(...x)],
    ];
    for (const peer of ['hey', 'vegeta']) {
      if (series[peer] === undefined) {
        figures.push(figure({ section, name: 'RSS', unit: 'MB', loadgen: null, peer, peerValue: null, note: NOT_INSTALLED, target: null }));
        continue;
      }
      for (const [name, f] of points) {
        const t = peer === 'hey' && name === 'RSS max' ? target(`<= 80 MB, flat (end within 10 % of 10 s: ${flat ? 'yes' : 'no'})`, max <= 80 && flat) : null;
        figures.push(figure({ section, name, unit: 'MB', loadgen: f(ours), peer: peer === 'hey' ? 'hey -c 10 -q 500' : peer, peerValue: f(series[peer]), target: t }));
      }
    }
    return { figures, raw: series };
  },
};

/** soakFigures turns one soak into its rows: counts against the target's, rate, RSS series and growth. */
function soakFigures(section: string, r: SoakRun, unit: string, maxMb: number): Figure[] {
  const s = rssStats(r.rssMb);
  const flat = s.growthPct <= 10;
  const row = (name: string, u: string, value: number, t: ReturnType<typeof target> | null = null) => figure({ section, name, unit: u, loadgen: value, peer: null, peerValue: null, target: t });
  return [
    figure({ section, name: `${unit} recorded (peer: served by the target)`, unit, loadgen: r.recorded, peer: 'target', peerValue: r.served, target: target('recorded == served, recorded + dropped == rate x duration', r.recorded === r.served && r.recorded + r.dropped === r.schedule) }),
    row(`${unit} dropped (schedule ${r.schedule})`, unit, r.dropped),
    row(`${unit} failed`, unit, r.failures),
    row('achieved rate', `${unit}/s`, r.achievedRate),
    row(`RSS first (at ${SOAK_SAMPLE_S} s)`, 'MB', s.first),
    row('RSS min', 'MB', s.min),
    row('RSS max', 'MB', s.max, target(`<= ${maxMb} MB`, s.max <= maxMb)),
    row('RSS last', 'MB', s.last),
    row('RSS growth, minute 1 to the end', '%', s.growthPct, target('<= 10 %', flat)),
  ];
}

const soakSection: Section = {
  title: `soak: open loop for --minutes each, HTTP at ${SOAK_HTTP_RATE} req/s against nginx and gRPC at ${SOAK_GRPC_RATE} calls/s against the reference server (loadgen --workers 2), VmRSS every ${SOAK_SAMPLE_S} s`,
  own: true,
  run: async (s) => {
    const seconds = Math.round(s.soakMinutes * 60);
    const http = await soak('http', seconds);
    const grpc = await soak('grpc', seconds);
    const minutes = `${s.soakMinutes} min`;
    return {
      figures: [
        ...soakFigures(`soak HTTP ${SOAK_HTTP_RATE / 1000}k/s ${minutes}`, http, 'req', 80),
        ...soakFigures(`soak gRPC ${SOAK_GRPC_RATE / 1000}k/s ${minutes}`, grpc, 'calls', 150),
      ],
      raw: { http, grpc },
    };
  },
};

export const SECTIONS: Record<string, Section> = { http, scaling, grpc, 'open-loop': openLoop, tensor, startup: startupSection, rss, soak: soakSection };
