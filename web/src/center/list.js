// The center's list, virtualized: the rows in view (and OVERSCAN more each side) on a spacer as tall
// as the whole list. Rows take the height their content needs, measured once per record and list
// width; a row not drawn yet counts as the mean of those measured. A clamped title or body offers
// "Show more", which expands the row in place.
import { PRIORITY_HIGH } from '../common/option-sets.js';
import { relativeTime } from '../i18n/strings.js';

// Before any row is measured, as no row is lower than this: the first pass then draws at least the
// rows the view needs, and placing them again draws no new one.
const ROW_ESTIMATE = 60; // px
const OVERSCAN = 6;

export class CenterList {
  constructor(session) {
    this.session = session;
    this.expanded = new Set(); // ids whose rows show all of their title and body
    this.rows = null; // id -> row element drawn
    this.heights = new Map();
  }

  /** Rows drawn with other strings or locale are built again. */
  reset() {
    this.rows = null;
  }

  // Rows already on screen are kept and only moved: scrolling builds just the rows that come into
  // view. Rows drawn for the first time are measured, and the rows are placed once more with their
  // heights. `view` is the list's geometry when the caller has it (the second pass: reading it again
  // would force another layout).
  render(view) {
    const { host, order: ids, records, core } = this.session;
    const el = host.el;
    if (!el || el.panel.hidden || !core) return;
    // Geometry first, before anything is written, so that reading it forces no extra layout.
    const { top, height, width } = view ?? {
      top: el.list.scrollTop,
      height: el.list.clientHeight || 600,
      width: el.list.clientWidth,
    };
    if (width !== this.heightsWidth) {
      this.heights = new Map();
      this.heightsWidth = width;
      this.measuredSum = this.measuredCount = 0;
    }
    const estimate = this.measuredCount ? this.measuredSum / this.measuredCount : ROW_ESTIMATE;
    const tops = new Float64Array(ids.length + 1);
    for (let i = 0; i < ids.length; i += 1) tops[i + 1] = tops[i] + (this.heights.get(ids[i]) ?? estimate);
    // The first row whose bottom is below `y`.
    const rowAt = (y) => {
      let low = 0;
      let high = ids.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (tops[mid + 1] <= y) low = mid + 1;
        else high = mid;
      }
      return low;
    };
    el.empty.hidden = ids.length > 0;
    el.dismissAll.hidden = ids.length === 0;
    el.spacer.style.height = `${tops[ids.length]}px`;
    const first = Math.max(0, rowAt(top) - OVERSCAN);
    const last = Math.min(ids.length, rowAt(top + height) + 1 + OVERSCAN);
    const previous = this.rows ?? new Map();
    this.rows = new Map();
    const rows = [];
    const now = Date.now();
    for (let i = first; i < last; i += 1) {
      const record = records.get(ids[i]);
      if (!record) continue;
      let row = previous.get(record.appnotificationid);
      if (row?.record !== record) row = this.row(record);
      const rowTop = `${tops[i]}px`;
      if (row.style.top !== rowTop) row.style.top = rowTop;
      const when = relativeTime(this.session.options.locale, Date.parse(record.createdon), now, host.strings);
      if (row.time.textContent !== when) row.time.textContent = when;
      this.rows.set(record.appnotificationid, row);
      rows.push(row);
    }
    // Rows that stay are not detached (that would restyle and lay them out again): those that left go,
    // the new ones are inserted in place, keeping the DOM in list order for assistive technology.
    const spacer = el.spacer;
    const drawn = new Set(rows);
    for (const child of [...spacer.children]) if (!drawn.has(child)) child.remove();
    let cursor = spacer.firstElementChild;
    for (const row of rows) {
      if (row === cursor) cursor = cursor.nextElementSibling;
      else spacer.insertBefore(row, cursor);
    }
    // Rows drawn for the first time: one layout measures them all (reads only), then a clamped title
    // or body offers the whole of it (the toggle sits in the meta line: showing it changes no height).
    const fresh = rows.filter((row) => !this.heights.has(row.record.appnotificationid));
    const clamped = fresh.map((row) => {
      const rowHeight = row.offsetHeight;
      this.heights.set(row.record.appnotificationid, rowHeight);
      this.measuredSum += rowHeight;
      this.measuredCount += 1;
      const { titleText, bodyText } = row;
      return titleText.scrollWidth > titleText.clientWidth || bodyText.scrollHeight > bodyText.clientHeight;
    });
    fresh.forEach((row, i) => (row.toggle.hidden &&= !clamped[i]));
    if (fresh.length > 0 && !view) this.render({ top, height, width });
  }

  // One row of the center, remembering its record and its time element for the next render().
  row(record) {
    const { session } = this;
    const strings = session.host.strings;
    const id = record.appnotificationid;
    const row = session.cards.card(record, 'item');
    row.setAttribute('role', 'listitem');
    row.dataset.appnotifyItem = id;
    this.heights.delete(id);
    const meta = document.createElement('div');
    meta.className = 'meta';
    const time = document.createElement('time');
    time.dateTime = record.createdon ?? '';
    meta.append(time);
    if (record.priority === PRIORITY_HIGH) {
      const high = document.createElement('span');
      high.className = 'badge-high';
      high.textContent = strings.highPriority;
      meta.append(high);
    }
    // Expands the row in place to show all of a clamped title and body, and folds it again.
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'link-button toggle';
    const show = (expanded) => {
      row.classList.toggle('expanded', expanded);
      toggle.textContent = expanded ? strings.showLess : strings.showMore;
      toggle.setAttribute('aria-expanded', String(expanded));
    };
    show(this.expanded.has(id));
    toggle.hidden = !this.expanded.has(id);
    toggle.addEventListener('click', () => {
      const expanded = !this.expanded.has(id);
      if (expanded) this.expanded.add(id);
      else this.expanded.delete(id);
      show(expanded);
      this.heights.delete(id);
      this.render();
    });
    meta.append(toggle);
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'x';
    dismiss.textContent = '\u00d7';
    dismiss.setAttribute('aria-label', `${strings.dismiss}: ${record.title ?? ''}`);
    dismiss.addEventListener('click', () => session.dismiss([id]));
    row.append(meta, session.actions.buttons(record), dismiss);
    row.record = record;
    row.time = time;
    row.toggle = toggle;
    // Not row.title: that is the row's tooltip attribute (an element put there shows as "[object ...]").
    [row.titleText, row.bodyText] = row.querySelectorAll('.title, .body');
    return row;
  }
}
