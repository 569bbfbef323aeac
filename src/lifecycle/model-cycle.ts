/**
 * runModelCycle runs one model through its lifecycle: load (the repository load request, then
 * model-ready polls until the first 2xx: load-to-ready), the inference requests one after another
 * (the first timed as first-inference; every one checked with the protocol's response check),
 * then unload. A failure is counted with its reason and decides what follows:
 * - load answered with an HTTP error: the model is not loaded; inference and unload are skipped;
 * - load not ready in time (or no answer): inference is skipped, unload still runs to clean up;
 * - failed inferences: the rest still run, and unload runs;
 * - the run cancelled (a second signal): what was not sent yet is skipped.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Checker } from '../transports/exchange.js';
import { goDuration } from '../reporters/go-format.js';
import { httpErrorReason, isOk, isTimeout, noAnswerReason, type HttpAnswer, type LifecycleHttp } from './lifecycle-http.js';
import type { LifecyclePlan, ModelTarget } from '../plan/lifecycle-plan.js';
import type { LifecycleRecorder } from './lifecycle-recorder.js';

/** LoadOutcome: ready, failed with the model surely not loaded, or failed in an unknown state. */
type LoadOutcome = { readonly ok: true; readonly ns: number } | { readonly ok: false; readonly loaded: 'no' | 'maybe'; readonly why: string };

/** CycleContext is what every model cycle of a run shares. */
export interface CycleContext {
  readonly plan: LifecyclePlan;
  readonly http: LifecycleHttp;
  readonly recorder: LifecycleRecorder;
  /** cancel aborts ready polling (with the requests in flight, through http). */
  readonly cancel: AbortSignal;
}

/** runModelCycle runs one cycle of one model and records it; it never throws for the server's sake. */
export async function runModelCycle(ctx: CycleContext, model: ModelTarget, check: Checker): Promise<void> {
  const { plan, recorder } = ctx;
  recorder.cycleStarted();
  let ok = true;
  const load = await loadUntilReady(ctx, model);
  if (load.ok) {
    recorder.ok('load');
    recorder.loadToReady.record(load.ns);
    ok = await infer(ctx, model, check);
  } else {
    ok = false;
    recorder.fail('load', load.why);
    recorder.skip('inference', plan.inferRequests);
  }
  if ((!load.ok && load.loaded === 'no') || ctx.cancel.aborted) recorder.skip('unload');
  else if (!(await unload(ctx, model))) ok = false;
  recorder.cycleEnded(ok);
}

/** loadUntilReady sends the load request, then polls model-ready every readyPollMs until a 2xx. */
async function loadUntilReady(ctx: CycleContext, m: ModelTarget): Promise<LoadOutcome> {
  const timeoutMs = ctx.plan.readyTimeoutNs / 1e6;
  const start = performance.now();
  const left = () => timeoutMs - (performance.now() - start);
  try {
    const answer = await ctx.http.send({ method: 'POST', url: m.origin + m.loadPath }, timeoutMs);
    if (!isOk(answer.status)) return { ok: false, loaded: 'no', why: httpErrorReason(answer) };
  } catch (err) {
    return { ok: false, loaded: 'maybe', why: noAnswerReason(err, timeoutMs) };
  }
  let last = '';
  for (;;) {
    if (left() <= 0) break;
    const wait = left();
    try {
      const answer = await ctx.http.send({ method: 'GET', url: m.origin + m.readyPath }, wait);
      if (isOk(answer.status)) return { ok: true, ns: (performance.now() - start) * 1e6 };
      last = `HTTP ${answer.status}`;
    } catch (err) {
      if (ctx.cancel.aborted) break;
      // A poll cut short by the load's deadline says nothing new: keep the last real answer.
      if (!(isTimeout(err) && last !== '')) last = noAnswerReason(err, wait);
    }
    if (left() <= 0) break;
    try {
      await sleep(Math.min(ctx.plan.readyPollMs, left()), undefined, { signal: ctx.cancel });
    } catch {
      break;
    }
  }
  const why = ctx.cancel.aborted ? 'cancelled' : `not ready within ${goDuration(ctx.plan.readyTimeoutNs)}${last === '' ? '' : ` (last ready answer: ${last})`}`;
  return { ok: false, loaded: 'maybe', why };
}

/** infer sends the inference requests one after another; true when every one passed. */
async function infer(ctx: CycleContext, m: ModelTarget, check: Checker): Promise<boolean> {
  const { plan, recorder } = ctx;
  const timeoutMs = plan.requestTimeoutNs / 1e6;
  const call = { method: m.infer.method, url: m.infer.origin + m.infer.path, headers: m.infer.headers, body: m.infer.body };
  let allOk = true;
  for (let i = 0; i < plan.inferRequests; i++) {
    if (ctx.cancel.aborted) {
      recorder.skip('inference', plan.inferRequests - i);
      return false;
    }
    const start = performance.now();
    let why: string | null;
    try {
      const answer = await ctx.http.send(call, timeoutMs);
      why = inferenceProblem(answer, check);
    } catch (err) {
      why = noAnswerReason(err, timeoutMs);
    }
    const ns = (performance.now() - start) * 1e6;
    if (why === null) {
      recorder.ok('inference');
      if (i === 0) recorder.firstInference.record(ns);
    } else {
      allOk = false;
      recorder.fail('inference', why);
    }
  }
  return allOk;
}

function inferenceProblem(a: HttpAnswer, check: Checker): string | null {
  if (!isOk(a.status)) return httpErrorReason(a);
  return check(a.status, a.headers, a.body);
}

/** unload sends the unload request and times it to its 2xx answer; true when it succeeded. */
async function unload(ctx: CycleContext, m: ModelTarget): Promise<boolean> {
  const timeoutMs = ctx.plan.requestTimeoutNs / 1e6;
  const start = performance.now();
  let why: string;
  try {
    const answer = await ctx.http.send({ method: 'POST', url: m.origin + m.unloadPath }, timeoutMs);
    if (isOk(answer.status)) {
      ctx.recorder.ok('unload');
      ctx.recorder.unload.record((performance.now() - start) * 1e6);
      return true;
    }
    why = httpErrorReason(answer);
  } catch (err) {
    why = noAnswerReason(err, timeoutMs);
  }
  ctx.recorder.fail('unload', why);
  return false;
}
