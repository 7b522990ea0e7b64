// The built-in languages: each renders its own strings, chosen by the page's language (or the
// locale option), Arabic mirrored; an English page downloads no language file; a string the page
// gives still wins.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';

import { artifacts, send, useSite } from './page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const LANGUAGES = { en: null, de: 'de', fr: 'fr', es: 'es', 'pt-BR': 'pt-BR', ja: 'ja', 'zh-CN': 'zh-Hans', ar: 'ar' };

describe('languages in Chromium', () => {
  const f = useSite();
  before(() => cpSync(path.join(here, 'placement.html'), path.join(f.site.dir, 'placement.html')));

  for (const [tag, file] of Object.entries(LANGUAGES)) {
    test(`${tag}: the center in its language${file === 'ar' ? ', mirrored' : ''}`, async () => {
      const strings = file ? (await import(`../../web/src/i18n/locales/${file}.js`)).default : null;
      const context = await f.browser.newContext({ viewport: { width: 1000, height: 700 } });
      const page = await context.newPage();
      const fetched = [];
      page.on('request', (request) => {
        const name = new URL(request.url()).pathname.split('/').pop();
        if (name.startsWith('appnotify-locale-')) fetched.push(name);
      });
      await page.goto(`${f.site.server.origin}/placement.html?x=end&y=4px&lang=${tag}`);
      await page.waitForFunction(() => document.querySelector('appnotify-center')?.session?.transport?.streaming);
      const sent = await send(f.site, f.bob, { title: `Hello ${tag}`, owner: f.alice.id, priority: 200000001 });
      await page.locator(`[data-appnotify-toast="${sent.id}"]`).waitFor();
      await page.locator('[data-appnotify-bell]').click();
      await page.locator(`[data-appnotify-item="${sent.id}"]`).waitFor();
      const shown = await page.evaluate(() => {
        const center = document.querySelector('appnotify-center');
        const root = center.shadowRoot;
        return {
          heading: center.el.heading.textContent,
          dismissAll: center.el.dismissAll.textContent,
          high: root.querySelector('.badge-high').textContent,
          direction: getComputedStyle(center.el.panel).direction,
        };
      });
      assert.deepEqual(fetched, file ? [`appnotify-locale-${file}.mjs`] : [], 'only its own language file');
      if (strings) {
        assert.equal(shown.heading, strings.centerTitle);
        assert.equal(shown.dismissAll, strings.dismissAll);
        assert.equal(shown.high, strings.highPriority);
      } else {
        assert.deepEqual(
          [shown.heading, shown.dismissAll, shown.high],
          ['Notifications', 'Dismiss all', 'High priority'],
        );
      }
      assert.equal(shown.direction, file === 'ar' ? 'rtl' : 'ltr');
      if (file === 'ar') await page.screenshot({ path: path.join(artifacts, 'center-ar.png') });
      await context.close();
    });
  }

  test('the locale option picks the language, and a string the page gives wins over it', async () => {
    const context = await f.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${f.site.server.origin}/placement.html?x=end&y=4px`);
    await page.waitForFunction(() => document.querySelector('appnotify-center')?.session?.transport?.streaming);
    const shown = await page.evaluate(async (token) => {
      const center = AppNotify.createNotificationCenter({
        baseUrl: '/api/data/v9.2',
        getToken: () => token,
        locale: 'de-AT',
        strings: { dismissAll: 'Weg damit' },
      });
      await new Promise((resolve) => center.addEventListener('appnotify-ready', resolve, { once: true }));
      center.toggle(true);
      while (!center.el.heading) await new Promise((resolve) => setTimeout(resolve, 1)); // the panel part
      return { heading: center.el.heading.textContent, dismissAll: center.el.dismissAll.textContent };
    }, f.alice.token);
    assert.deepEqual(shown, { heading: 'Benachrichtigungen', dismissAll: 'Weg damit' });
    await context.close();
  });
});
