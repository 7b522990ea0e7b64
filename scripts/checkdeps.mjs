#!/usr/bin/env node
// The dependency check (after Chromium's checkdeps): every #include and import must reach only a
// part that layers.json lets its file's part use, and no part may include a system header that
// its rule forbids (the core: no Emscripten, no I/O, no clock). Prints one line per violation and
// exits 1 when there is any. Usage: node scripts/checkdeps.mjs [ROOT] (default: the repo).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CXX = /\.(h|cc|c|inc)$/;
const JS = /\.(js|mjs)$/;

// The part a repo-relative path belongs to: the one with the longest matching path.
function partOf(rules, file) {
  let best = null;
  let length = -1;
  for (const part of rules.parts) {
    for (const prefix of part.paths) {
      if ((file === prefix || file.startsWith(prefix)) && prefix.length > length) {
        best = part;
        length = prefix.length;
      }
    }
  }
  return best;
}

// The repo-relative files an include or import may name: beside the file, then the include roots.
function resolveInclude(root, rules, from, name) {
  const candidates = [path.posix.join(path.posix.dirname(from), name), ...rules.include_roots.map((r) => r + name)];
  return candidates.find((candidate) => existsSync(path.join(root, candidate))) ?? null;
}

function* includes(text) {
  const pattern = /^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]+)[>"]/gm;
  for (const match of text.matchAll(pattern)) yield { system: match[1] === '<', name: match[2] };
}

function* imports(text) {
  const pattern = /(?:\bfrom[ \t]*|\bimport[ \t]*\(?[ \t]*)(['"])([^'"\n]+)\1/g;
  for (const match of text.matchAll(pattern)) yield match[2];
}

const forbidden = (part, header) =>
  part.forbids.some(
    (f) => header === f || header === f + '.h' || header.startsWith(f + '/') || header.startsWith(f + '.'),
  );

/** Every violation under `root` as "file:line: message" strings. */
export function checkDependencies(root) {
  const rules = JSON.parse(readFileSync(path.join(root, 'layers.json'), 'utf8'));
  const names = new Set(rules.parts.map((p) => p.name));
  const problems = [];
  for (const part of rules.parts) {
    for (const used of part.uses)
      if (!names.has(used)) problems.push(`layers.json: ${part.name} uses unknown part ${used}`);
  }
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && (CXX.test(f) || JS.test(f)) && existsSync(path.join(root, f)));
  for (const file of files) {
    const part = partOf(rules, file);
    if (!part) {
      if ((rules.covered ?? []).some((root) => file.startsWith(root))) problems.push(`${file}: belongs to no part`);
      continue;
    }
    const text = readFileSync(path.join(root, file), 'utf8');
    const lineOf = (needle) => text.slice(0, text.indexOf(needle)).split('\n').length;
    const reach = (target, spelled) => {
      const other = partOf(rules, target);
      if (other && other !== part && !part.uses.includes(other.name)) {
        problems.push(`${file}:${lineOf(spelled)}: ${part.name} may not use ${other.name} (${spelled})`);
      }
    };
    if (CXX.test(file)) {
      for (const { system, name } of includes(text)) {
        if (system) {
          if (forbidden(part, name)) problems.push(`${file}:${lineOf(name)}: ${part.name} may not include <${name}>`);
          continue;
        }
        const target = resolveInclude(root, rules, file, name);
        if (target) reach(target, name);
      }
    } else {
      for (const specifier of imports(text)) {
        if (!specifier.startsWith('.')) continue; // a package: the package's own business
        reach(path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)), specifier);
      }
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const problems = checkDependencies(root);
  for (const problem of problems) console.error(problem);
  console.log(
    problems.length === 0 ? 'checkdeps: every dependency points down' : `checkdeps: ${problems.length} found`,
  );
  process.exit(problems.length === 0 ? 0 : 1);
}
