// Named references ("&copy;") for the display module, which has no table of them built in
// (core/include/appnotify/html_entities.h) and asks its host for each one it meets: in a page the
// browser's own HTML parser answers (browserEntity), so rendering is exact at once and nothing is
// downloaded for them; elsewhere web/src/wasm/loader.js answers from appnotify-entities.json.

const NAME = /^[A-Za-z0-9]+$/;
const known = new Map(); // the names the browser decoded so far (at most HTML's 2,125)
let field = null;

/**
 * What the display module takes for a reference's characters (wasm/display.cc): the first code point
 * times 0x200000 plus the second (0 when there is none), or -1 unless there are one or two.
 * @param {string} characters
 */
export function entityCode(characters) {
  const [first, second = 0, more] = [...characters].map((c) => c.codePointAt(0));
  return first === undefined || more !== undefined ? -1 : first * 0x200000 + second;
}

/**
 * The code of the named reference `name` ("copy" for "&copy;") as the browser decodes it, or -1 when
 * it is not one. A whole reference decodes to one or two code points; a name that only begins with
 * one ("&notit;" gives "¬it;") and an unknown name (left as written) give more.
 * @param {string} name
 */
export function browserEntity(name) {
  let code = known.get(name);
  if (code === undefined) {
    if (!NAME.test(name)) return -1;
    field ??= document.createElement('textarea');
    field.innerHTML = `&${name};`; // a textarea's content is text: no markup can form, nothing runs
    code = entityCode(field.value);
    if (code >= 0) known.set(name, code);
  }
  return code;
}

/**
 * A decoder over appnotify-entities.json (names and their characters), answering as browserEntity does.
 * @param {Record<string, string>} table
 */
export const tableDecoder = (table) => (name) => (Object.hasOwn(table, name) ? entityCode(table[name]) : -1);
