// The core, as JavaScript sees it: wraps the raw wasm modules (wasm/display.cc, wasm/validator.cc)
// in plain functions that take and return plain data. Everything else in web/ uses the core only
// through this file and engine.js.

// Renders texts (many in one crossing of the JS/wasm boundary) through the exchange area described
// in wasm/display.cc: one encode for all inputs, one decode per output part. Until a decoder of named references is set, a batch that met
// one answers needsEntities: true (safe, not exact: see core/include/appnotify/html_entities.h).
export function renderTexts(wasm, texts, plain) {
  const { exports } = wasm;
  const table = (exports.exchangeLengths(2 * texts.length + 1) >>> 0) >>> 2;
  const written = wasm.put(texts.join(''));
  let lengths = wasm.words();
  texts.forEach((text, i) => (lengths[table + i] = text.length));
  lengths[table + 2 * texts.length] = written;
  let at = exports.render(texts.length, plain ? 1 : 0) >>> 0;
  lengths = wasm.words(); // rendering may have grown memory
  const needsEntities = lengths[table + 2 * texts.length] === 1;
  return texts.map((_, i) => {
    const html = wasm.text(at, lengths[table + 2 * i]);
    at += lengths[table + 2 * i];
    const text = wasm.text(at, lengths[table + 2 * i + 1]);
    at += lengths[table + 2 * i + 1];
    return needsEntities ? { html, text, needsEntities } : { html, text };
  });
}

/**
 * Rendering and the URL policy, over the display module.
 * @param {Awaited<ReturnType<import('./instantiate.js').instantiate>>} wasm
 */
export function displayCore(wasm) {
  const { exports } = wasm;
  const safeUrl = (image, url) => wasm.output(exports.safeUrl(image, wasm.put(String(url))));

  return {
    /** Markdown (data.title, data.body) to {html, text}; html holds only allow-listed markup. */
    renderMarkdown: (markdown) => renderTexts(wasm, [String(markdown)], false)[0],
    /** Plain text (title, body): escaped, line breaks as <br>. */
    renderPlainText: (text) => renderTexts(wasm, [String(text)], true)[0],
    /** Decodes named references with `resolve(name)` from now on (web/src/wasm/entities.js). */
    useEntityDecoder(resolve) {
      wasm.resolveEntity = resolve;
      exports.useHostEntities();
    },
    /** The URL as a browser reads it when the link policy allows it (actions, links), else "". */
    safeLinkUrl: (url) => safeUrl(0, url),
    /** The URL when the image policy allows it (relative or https), else "". */
    safeImageUrl: (url) => safeUrl(1, url),
    /** Bytes of memory the display core holds (it grows, never shrinks): for diagnostics and benchmarks. */
    memoryBytes: () => exports.memory.buffer.byteLength,
  };
}

/**
 * Payload validation, over the validator module: the same code the server runs.
 * @param {Awaited<ReturnType<import('./instantiate.js').instantiate>>} wasm
 */
export function validatorCore(wasm) {
  const toText = (payload) => (typeof payload === 'string' ? payload : (JSON.stringify(payload) ?? ''));
  const validate = (kind, payload) => JSON.parse(wasm.output(wasm.exports.validate(kind, wasm.put(toText(payload)))));
  return {
    /** Validates a create payload (object or JSON text): {ok, errors, warnings, value}. */
    validateNotification: (payload) => validate(0, payload),
    /** Validates SendAppNotification parameters (object or JSON text), mapped onto the same record. */
    validateSendAppNotification: (payload) => validate(1, payload),
  };
}
