// The scripts of the start-up benchmark's pages (browser.bench.mjs): the timing every page carries,
// and the center's creation.

// A frame ends when its rendering update (the animation-frame callbacks, style, layout, paint)
// does: a user-blocking task posted from its animation-frame callback runs then, ahead of the tasks
// the page had queued (a message would wait behind them: the script, when it comes after
// the frame, would be counted in a frame it was not part of).
export const timing = `<script>
  window.t0 = performance.now();
  window.report = () => {
    if (window.reported || !window.tBell || (window.center && !window.tLive)) return;
    window.reported = true;
    const { tFrame: frame, tBell: bell, tInteractive: interactive, tLive: live, bellInFirstFrame } = window;
    console.debug('appnotify-bench:' + JSON.stringify({ frame, bell, interactive, live, bellInFirstFrame }));
  };
  const frameEnd = (then) => scheduler.postTask(() => then(performance.now() - window.t0), { priority: 'user-blocking' });
  // An animation-frame callback runs before the frame's style and layout: a bell there is drawn in it.
  (function frame(first) {
    requestAnimationFrame(() => {
      const center = document.querySelector('appnotify-center');
      const drawn = center ? center.shadowRoot.querySelector('[data-appnotify-bell]') : document.querySelector('#bell');
      frameEnd((t) => {
        if (first) window.tFrame = t;
        if (drawn) [window.tBell, window.bellInFirstFrame] = [t, first];
        window.report();
      });
      if (!drawn) frame(false);
    });
  })(true);
</script>`;
export const create = `
  window.center = AppNotify.createNotificationCenter({
    baseUrl: '/api/data/v9.2',
    getToken: () => new URLSearchParams(location.search).get('token'),
    mount: document.querySelector('#bar'),
  });
  window.center.addEventListener('appnotify-ready', () => {
    window.tInteractive = performance.now() - window.t0;
    (function watch() {
      if (!window.center.session?.transport?.streaming) return setTimeout(watch, 1);
      window.tLive = performance.now() - window.t0;
      window.report();
    })();
  });`;
