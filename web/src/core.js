// The core, as JavaScript sees it: wraps the raw wasm module (wasm/bindings.cc) in plain functions
// that take and return plain data. Everything else in web/ uses the core only through this file.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * @param {object} module the instantiated Emscripten module (createAppNotifyCore())
 */
export function wrapCore(module) {
  // Renders texts through the exchange area described in wasm/bindings.cc: one encode for all
  // inputs, one decode per output part.
  function renderTexts(texts, plain) {
    const joined = texts.join('');
    const capacity = joined.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
    const table = module.exchangeLengths(texts.length) >>> 2;
    const input = module.exchangeInput(capacity);
    const { written } = encoder.encodeInto(joined, module.HEAPU8.subarray(input, input + capacity));
    let lengths = module.HEAPU32;
    texts.forEach((text, i) => (lengths[table + i] = text.length));
    lengths[table + 2 * texts.length] = written;
    const output = module.renderExchange(texts.length, plain);
    lengths = module.HEAPU32; // rendering may have grown memory
    const heap = module.HEAPU8;
    let at = output;
    return texts.map((_, i) => {
      const html = decoder.decode(heap.subarray(at, (at += lengths[table + 2 * i])));
      const text = decoder.decode(heap.subarray(at, (at += lengths[table + 2 * i + 1])));
      return { html, text };
    });
  }

  const toText = (payload) => (typeof payload === 'string' ? payload : JSON.stringify(payload));

  return {
    /** Validates a create payload (object or JSON text): {ok, errors, warnings, value}. */
    validateNotification: (payload) => JSON.parse(module.validateNotification(toText(payload))),
    /** Validates SendAppNotification parameters (object or JSON text), mapped onto the same record. */
    validateSendAppNotification: (payload) => JSON.parse(module.validateSendAppNotification(toText(payload))),
    /** Markdown (data.title, data.body) to {html, text}; html holds only allow-listed markup. */
    renderMarkdown: (markdown) => renderTexts([String(markdown)], false)[0],
    /** Many markdown texts in one crossing of the JS/wasm boundary. */
    renderMarkdownBatch: (texts) => renderTexts(texts.map(String), false),
    /** The URL as a browser reads it when the link policy allows it (actions, links), else "". */
    safeLinkUrl: (url) => module.safeLinkUrl(String(url)),
    /** Bytes of memory the wasm core holds (it grows, never shrinks): for diagnostics and benchmarks. */
    memoryBytes: () => module.HEAPU8.byteLength,
    /** The URL when the image policy allows it (relative or https), else "". */
    safeImageUrl: (url) => module.safeImageUrl(String(url)),
    /** Plain text (title, body): escaped, line breaks as <br>. */
    renderPlainText: (text) => renderTexts([String(text)], true)[0],
  };
}
