// The wasm ring for the center engine: every scenario of tests/vectors/center/ (a timeline of
// events and the state expected after each step) through the package's JS engine wrapper, and the
// wire lines of tests/vectors/protocol/ as the page writes them (the native ring checks the core's).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { encodeEvents } from '../../web/src/wasm/engine.js';
import { loadCore } from './load_core.mjs';
import { loadVectors } from './vectors.mjs';

// The parts of a state a step's "expect" names, in the vectors' vocabulary.
export function observed(state, center, expect) {
  const out = {};
  if ('center' in expect) out.center = center;
  if ('badge' in expect) out.badge = state.badge;
  if ('toasts' in expect) out.toasts = state.toasts.map(({ id, remainingMs, paused }) => ({ id, remainingMs, paused }));
  if ('more' in expect) out.more = state.more;
  if ('deletes' in expect) out.deletes = state.deletes;
  if ('persist' in expect) {
    out.persist = Object.fromEntries(Object.keys(expect.persist).map((key) => [key, state.persist[key] ?? null]));
  }
  if ('nextDeadline' in expect) out.nextDeadline = state.nextDeadline;
  return out;
}

// Fills the defaults the vectors leave out (paused: false).
export function normalized(expect) {
  const out = { ...expect };
  if (out.toasts) out.toasts = out.toasts.map((t) => ({ paused: false, ...t }));
  if (out.more) out.more = { paused: false, ...out.more };
  return out;
}

describe('center scenarios (wasm)', () => {
  let core;
  before(async () => {
    core = await loadCore();
  });

  for (const { file, spec } of loadVectors('center')) {
    test(`${file}: ${spec.name}`, () => {
      const engine = core.engines.create(spec.config);
      try {
        let center = [];
        spec.steps.forEach((step, index) => {
          const state = engine.dispatch(step.now, step.events ?? []);
          if (state.center) center = state.center.ids;
          const expect = normalized(step.expect ?? {});
          assert.deepEqual(observed(state, center, expect), expect, `step ${index} (now ${step.now})`);
        });
      } finally {
        engine.destroy();
      }
    });
  }

  for (const { file, spec } of loadVectors('protocol')) {
    test(`${file}: ${spec.name}`, () => {
      assert.equal(encodeEvents(spec.events, core.engines.defaults.toastDurationMs), spec.wire);
    });
  }

  test('destroyed engines are freed and refuse further use', () => {
    const before = core.engines.count();
    const engine = core.engines.create();
    assert.equal(core.engines.count(), before + 1);
    engine.destroy();
    engine.destroy();
    assert.equal(core.engines.count(), before);
    assert.throws(() => engine.dispatch(0, []), /destroyed/);
  });
});
