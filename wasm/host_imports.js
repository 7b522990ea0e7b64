// The functions the display module imports from its host, declared for Emscripten's linker only: the
// modules are standalone (no Emscripten JavaScript is emitted), and web/src/wasm/instantiate.js provides them.
mergeInto(LibraryManager.library, {
  resolveEntity: () => -1, // web/src/wasm/entities.js
});
