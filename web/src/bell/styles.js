// The center's styles, inside its shadow root: host styles cannot break it and it cannot break the
// host. Theming goes through CSS custom properties, all prefixed --appnotify-.
//
// Three sheets, adopted in turn:
// - the element's box and the bell's, from the moment the element is in the page (configured or not:
//   the bell, drawn as soon as it is both, often in the page's first frame, fills the box exactly, so
//   nothing around it moves). A flex box, so that no line of the page's font sets its height. A small
//   sheet, and one: that frame parses and adopts no more than this. The bell takes the page's text
//   colour, as any icon in the page's toolbar;
// - the center's, with the theme's properties, the cards, the toasts and the dialog, adopted when
//   the center is built (after the page's first frame);
// - the panel's (the list, its rows, the settings), adopted with the panel part at the first open.
export const BELL_STYLES = `
:host {
  display: inline-flex; vertical-align: middle; position: relative; min-width: 36px; min-height: 36px;
  --appnotify-font: system-ui, sans-serif;
  --appnotify-badge-bg: #c4314b; --appnotify-badge-fg: #fff;
  font-family: var(--appnotify-font);
}
button { font: inherit; color: inherit; cursor: pointer; }
[hidden] { display: none !important; }
/* In the text's own colour: the page's around the bell, the theme's in the center. */
:focus-visible { outline: 2px solid; outline-offset: 2px; }
.bell { position: relative; background: none; border: 0; padding: 6px; border-radius: 50%; line-height: 0; anchor-name: --appnotify-bell; }
.bell svg { width: 24px; height: 24px; fill: currentColor; }
.count { position: absolute; inset-block-start: 0; inset-inline-end: 0; min-width: 18px; height: 18px; padding: 0 4px;
  box-sizing: border-box; border-radius: 9px; background: var(--appnotify-badge-bg); color: var(--appnotify-badge-fg);
  font-size: 11px; line-height: 18px; text-align: center; }
`;

export const CENTER_STYLES = `
:host {
  --appnotify-fg: #1b1b1f; --appnotify-accent: #0f6cbd; --appnotify-bg: #fff; --appnotify-muted: #5f6368; --appnotify-border: #d8dadf; --appnotify-high: #c4314b;
  --appnotify-shadow: 0 8px 24px rgba(0,0,0,.18); --appnotify-radius: 8px;
  --appnotify-panel-width: 380px; --appnotify-toast-width: 360px;
}
:host([theme="dark"]) {
  --appnotify-fg: #e8eaed; --appnotify-accent: #8ab4f8; --appnotify-bg: #202124; --appnotify-muted: #a0a4ab; --appnotify-border: #3c4043; --appnotify-high: #ff8a9a;
  --appnotify-shadow: 0 8px 24px rgba(0,0,0,.6);
}
@media (prefers-color-scheme: dark) {
  :host([theme="system"]) {
    --appnotify-fg: #e8eaed; --appnotify-accent: #8ab4f8; --appnotify-bg: #202124; --appnotify-muted: #a0a4ab; --appnotify-border: #3c4043; --appnotify-high: #ff8a9a;
    --appnotify-shadow: 0 8px 24px rgba(0,0,0,.6);
  }
}
.toasts { color: var(--appnotify-fg); overflow: visible; padding: 0; margin: 0; }
.link-button { background: none; border: 0; color: var(--appnotify-accent); padding: 4px; }
.toast.high { border-inline-start: 3px solid var(--appnotify-high); }
.icon { grid-row: span 3; width: 24px; height: 24px; }
.icon svg, .icon img { width: 24px; height: 24px; }
.title, .body, .actions { grid-column: 2; min-width: 0; }
.title { font-weight: 600; font-size: 14px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.title p, .body p, .toast p, .body ul, .body ol { margin: 0; }
.body ul, .body ol { padding-inline-start: 1.2em; }
/* Clamped on whole lines: at most two (three in a toast), the last ending with an ellipsis. */
.body { font-size: 13px; line-height: 18px; max-height: 36px; color: var(--appnotify-fg); overflow: hidden;
  overflow-wrap: anywhere; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
.toast .body { max-height: 54px; -webkit-line-clamp: 3; }
.actions { display: flex; gap: 6px; flex-wrap: wrap; }
.actions button { border: 1px solid var(--appnotify-border); background: none; border-radius: 4px; padding: 2px 8px; font-size: 12px; }
.x { position: absolute; inset-block-start: 6px; inset-inline-end: 6px; background: none; border: 0; width: 28px; height: 28px;
  border-radius: 50%; font-size: 16px; line-height: 1; color: var(--appnotify-muted); }
.dialog-header .x { position: static; }
a { color: var(--appnotify-accent); }
.toasts { position: fixed; inset: auto; inset-block-end: 16px; inset-inline-end: 16px; display: flex; flex-direction: column; gap: 8px;
  width: var(--appnotify-toast-width); max-width: calc(100vw - 32px); max-height: calc(100vh - 32px); z-index: 2147483001;
  border: 0; background: none; pointer-events: none; }
/* position: top-end, bottom-start or top-start (bottom-end is the default above). */
:host([position^="top-"]) .toasts { inset-block-end: auto; inset-block-start: 16px; }
:host([position$="-start"]) .toasts { inset-inline-end: auto; inset-inline-start: 16px; }
.toast { position: relative; background: var(--appnotify-bg); border: 1px solid var(--appnotify-border); border-radius: var(--appnotify-radius);
  box-shadow: var(--appnotify-shadow); padding-block: 10px; padding-inline: 12px 36px; display: grid; grid-template-columns: 24px 1fr; gap: 2px 10px;
  animation: appnotify-in .18s ease-out; pointer-events: auto; }
.toast.more { display: block; padding: 10px 12px; }
@keyframes appnotify-in { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
@media (prefers-reduced-motion: reduce) { .toast { animation: none; } }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
dialog { border: 1px solid var(--appnotify-border); border-radius: var(--appnotify-radius); padding: 0; width: min(90vw, 960px);
  height: min(85vh, 720px); background: var(--appnotify-bg); color: var(--appnotify-fg); }
dialog.side { box-sizing: border-box; margin-block: 0; margin-inline: auto 0; width: min(100vw, var(--pane-width)); height: 100%; max-height: none;
  border-radius: 0; border-block: 0; border-inline-end: 0; }
dialog::backdrop { background: rgba(0,0,0,.4); }
.dialog-header { display: flex; align-items: center; padding: 8px 12px; border-block-end: 1px solid var(--appnotify-border); }
.dialog-header h2 { flex: 1; font-size: 15px; margin: 0; }
dialog iframe { border: 0; width: 100%; height: calc(100% - 46px); }
`;

export const PANEL_STYLES = `
.panel { color: var(--appnotify-fg); overflow: visible; padding: 0; margin: 0; position: fixed; inset: auto; width: var(--appnotify-panel-width); box-sizing: border-box;
  max-width: calc(100vw - 16px); background: var(--appnotify-bg); border: 1px solid var(--appnotify-border);
  border-radius: var(--appnotify-radius); box-shadow: var(--appnotify-shadow); z-index: 2147483000;
  display: flex; flex-direction: column; max-height: min(70vh, 640px); }
/* Beside the bell (CSS anchor positioning: the first placement that fits, following scrolls and
   resizes), or in the top end corner where a browser has none; below 480 px a full-window sheet. */
@media (min-width: 480px) {
  @supports (position-area: block-end) {
    .panel { position-anchor: --appnotify-bell; position-area: block-end span-inline-start; margin-block: 6px;
      max-height: min(640px, 100% - 14px);
      position-try-fallbacks: block-end span-inline-end, block-end, block-start span-inline-start,
        block-start span-inline-end, block-start; }
  }
  @supports not (position-area: block-end) { .panel { inset-block-start: 8px; inset-inline-end: 8px; } }
}
@media (max-width: 479.98px) {
  .panel { inset: 0; width: auto; max-width: none; height: auto; max-height: none; border: 0; border-radius: 0; }
}
.panel-header { display: flex; align-items: center; gap: 8px; padding: 10px 12px; border-block-end: 1px solid var(--appnotify-border); }
.panel h2 { font-size: 15px; margin: 0; flex: 1; }
.status { padding: 8px 12px; font-size: 12px; color: var(--appnotify-muted); }
.empty { padding: 24px 12px; text-align: center; color: var(--appnotify-muted); }
.list { overflow-y: auto; position: relative; flex: 1; }
.spacer { position: relative; contain: strict; }
.item { position: absolute; inset-inline: 0; box-sizing: border-box; contain: layout paint style;
  padding-block: 10px; padding-inline: 12px 36px;
  border-block-end: 1px solid var(--appnotify-border); display: grid; grid-template-columns: 24px 1fr; gap: 2px 10px; }
.item.high { border-inline-start: 3px solid var(--appnotify-high); }
.expanded .title { white-space: normal; overflow-wrap: anywhere; }
.expanded .body { max-height: none; display: block; }
.toggle { padding: 0; font-size: 12px; line-height: inherit; }
.meta { grid-column: 2; min-width: 0; font-size: 12px; color: var(--appnotify-muted); display: flex; gap: 8px; align-items: center; }
.badge-high { color: var(--appnotify-high); font-weight: 600; }
.panel-header .x { position: static; }
.settings { padding: 8px 12px; border-block-start: 1px solid var(--appnotify-border); font-size: 13px; display: flex; gap: 12px; flex-wrap: wrap; align-items: center; }
.settings input[type=number] { width: 4em; }
`;
