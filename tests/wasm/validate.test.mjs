// The wasm ring for the validator: every case of tests/vectors/validate/ against the wasm build.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { loadCore } from './load_core.mjs';
import { inputText, loadVectors } from './vectors.mjs';

const summary = (problems) => problems.map(({ code, path }) => ({ code, path }));

// Expected "data" may be written as an object for readability; compare it parsed.
function comparableValue(value, expected) {
  if (value && typeof expected?.data === 'object' && typeof value.data === 'string') {
    return { ...value, data: JSON.parse(value.data) };
  }
  return value;
}

describe('validate vectors (wasm)', () => {
  let core;
  before(async () => {
    core = await loadCore();
  });

  for (const { file, spec } of loadVectors('validate')) {
    test(`${file}: ${spec.name}`, () => {
      const run = spec.entry === 'sendAppNotification' ? core.validateSendAppNotification : core.validateNotification;
      const actual = run(inputText(spec));
      const { expect } = spec;
      const context = JSON.stringify(actual, null, 2);
      assert.equal(actual.ok, expect.ok, context);
      assert.deepEqual(summary(actual.errors), summary(expect.errors ?? []), context);
      assert.deepEqual(summary(actual.warnings), summary(expect.warnings ?? []), context);
      if ('value' in expect) assert.deepEqual(comparableValue(actual.value, expect.value), expect.value, context);
      for (const fragment of expect.messages ?? []) {
        const messages = [...actual.errors, ...actual.warnings].map((p) => p.message);
        assert.ok(
          messages.some((m) => m.includes(fragment)),
          `no message contains ${fragment}\n${context}`,
        );
      }
    });
  }
});
