// Accessibility: an axe-core scan of the open center and of a toast reports no violations.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { artifacts, axeScan as scan, clear, openPage, send, useSite } from './page.mjs';

describe('accessibility', () => {
  const f = useSite({ clearBeforeEach: false });

  for (const theme of ['light', 'dark']) {
    test(`axe finds nothing in a toast and in the open center (${theme})`, async () => {
      await clear(f.site, f.alice);
      const { page, context } = await openPage(f.browser, f.site, f.alice, { theme });
      // (The page clock keeps running here: axe itself waits on timers. A toast lasts 4 s, plenty.)
      await page.evaluate(() =>
        document
          .querySelector('appnotify-center')
          .session.dispatch([{ type: 'settings', toastsEnabled: true, toastDurationMs: 600000 }]),
      );
      await send(f.site, f.bob, {
        title: 'Review',
        owner: f.alice.id,
        priority: 200000001,
        data: JSON.stringify({
          body: 'Case [Overhaul](?pagetype=entityrecord&etn=incident&id=1) is **late**',
          actions: [{ title: 'Open case', data: { url: '?pagetype=entityrecord&etn=incident&id=1' } }],
        }),
      });
      await page.locator('.toast').first().waitFor();
      assert.deepEqual(await scan(page), [], 'toast');
      await page.locator('[data-appnotify-bell]').click();
      await page.locator('[data-appnotify-item]').first().waitFor();
      assert.deepEqual(await scan(page), [], 'center');
      await page.screenshot({ path: path.join(artifacts, `center-${theme}-a11y.png`) });
      await context.close();
    });
  }
});
