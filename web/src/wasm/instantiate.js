// Instantiates the core's wasm modules (wasm/CMakeLists.txt): standalone modules with plain exports
// and no Emscripten glue, so this file is all the JavaScript they need. Text crosses through each
// module's exchange area (wasm/exchange.h): UTF-8 written straight into its memory with
// TextEncoder.encodeInto, answers read with TextDecoder.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A compiled module's instance with helpers for its memory and exchange area.
 * @param {BufferSource | Response | Promise<Response>} source the .wasm bytes or its fetch
 */
export async function instantiate(source) {
  let wasm;
  // All a module imports: a notice that memory grew (views are checked on every use instead),
  // proc_exit, which the core only reaches on a failed allocation, and the display module's decoder
  // of named references (wasm/display.cc): wasm.resolveEntity, which core.js sets.
  const imports = {
    env: {
      emscripten_notify_memory_growth() {},
      resolveEntity: (at, length) => wasm.resolveEntity(wasm.text(at >>> 0, length >>> 0)),
    },
    wasi_snapshot_preview1: {
      proc_exit(code) {
        throw new Error(`appnotify: the wasm core stopped (exit ${code})`);
      },
    },
  };
  const { instance } =
    source instanceof ArrayBuffer || ArrayBuffer.isView(source)
      ? await WebAssembly.instantiate(source, imports)
      : await WebAssembly.instantiateStreaming(source, imports);
  const exports = instance.exports;
  exports._initialize();
  let u8 = new Uint8Array(0);
  let u32 = new Uint32Array(0);
  // Views of memory, renewed when it has grown (growing detaches the old buffer).
  const views = () => {
    if (u8.buffer !== exports.memory.buffer) {
      u8 = new Uint8Array(exports.memory.buffer);
      u32 = new Uint32Array(exports.memory.buffer);
    }
  };
  wasm = {
    exports,
    /** The code of the named reference `name` (web/src/wasm/entities.js), or -1. */
    resolveEntity: () => -1,
    words: () => (views(), u32),
    /** Writes `text` as UTF-8 into the exchange input; answers the number of bytes written. */
    put(text) {
      const capacity = text.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
      const at = exports.exchangeInput(capacity) >>> 0;
      views();
      return encoder.encodeInto(text, u8.subarray(at, at + capacity)).written;
    },
    /** The text of `length` bytes at `at`. */
    text: (at, length) => (views(), decoder.decode(u8.subarray(at, at + length))),
    /** The last answer, `length` bytes long. */
    output(length) {
      return this.text(exports.exchangeOutput() >>> 0, length);
    },
  };
  return wasm;
}
