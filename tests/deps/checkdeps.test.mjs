// The dependency check (scripts/checkdeps.mjs with layers.json): the repo passes it, and it fails
// on what it is there to stop, in a small tree laid out like the repo under the repo's own rules.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';

import { checkDependencies } from '../../scripts/checkdeps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('checkdeps', () => {
  const trees = [];
  after(() => trees.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  // A tree with the repo's layers.json and `files` ({path: text}), as a git work tree.
  const tree = (files) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'appnotify-deps-'));
    trees.push(dir);
    copyFileSync(path.join(root, 'layers.json'), path.join(dir, 'layers.json'));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    execFileSync('git', ['init', '-q'], { cwd: dir });
    return dir;
  };

  test('every include and import of the repo points down', () => {
    assert.deepEqual(checkDependencies(root), []);
  });

  // Each case: a small tree, and what the check must say of it.
  const cases = {
    'a lower layer that includes a higher one is named, with its line': [
      {
        'server/src/odata/records_json.h': '#pragma once\n',
        'server/src/http/cors.cc': '#include <string>\n\n#include "odata/records_json.h"\n',
        'server/src/push/push_stream.cc': '#include "odata/records_json.h"\n', // allowed: push is above odata
      },
      ['server/src/http/cors.cc:3: server/http may not use server/odata (odata/records_json.h)'],
    ],
    'the core may not include Emscripten, I/O or a clock, nor the server, nor a sibling subsystem': [
      {
        'core/src/center/a.cc':
          '#include <emscripten/bind.h>\n#include <chrono>\n#include <fstream>\n#include <vector>\n',
        'server/src/base/clock.h': '#pragma once\n',
        'core/src/common/b.cc': '#include "base/clock.h"\n',
        'core/include/appnotify/center.h': '#pragma once\n',
        'core/src/validate/c.cc': '#include "appnotify/center.h"\n',
      },
      [
        'core/src/center/a.cc:1: core/center may not include <emscripten/bind.h>',
        'core/src/center/a.cc:2: core/center may not include <chrono>',
        'core/src/center/a.cc:3: core/center may not include <fstream>',
        'core/src/common/b.cc:1: core/common may not use server/base (base/clock.h)',
        'core/src/validate/c.cc:1: core/validate may not use core/center (appnotify/center.h)',
      ],
    ],
    "the page's parts point down too, the package never imports its demo, and every file has a part": [
      {
        'web/src/center/session.js': 'export const s = 1;\n',
        'web/src/wasm/loader.js': "import { s } from '../center/session.js';\n",
        'web/demo/demo.js': "import { x } from '../src/api/index.js';\n",
        'web/src/api/index.js': "export const x = 1;\nconst later = () => import('../../demo/demo.js');\n",
        'web/src/stray.js': 'export {};\n',
        'tests/x.mjs': "import '../web/demo/demo.js';\n",
      },
      [
        'web/src/api/index.js:2: web/api may not use web/demo (../../demo/demo.js)',
        'web/src/stray.js: belongs to no part',
        'web/src/wasm/loader.js:1: web/wasm may not use web/center (../center/session.js)',
      ],
    ],
  };
  for (const [name, [files, expected]] of Object.entries(cases)) {
    test(name, () => assert.deepEqual(checkDependencies(tree(files)), expected));
  }
});
