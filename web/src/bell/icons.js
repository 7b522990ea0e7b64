import {
  ICON_CUSTOM,
  ICON_FAILURE,
  ICON_INFO,
  ICON_MENTION,
  ICON_SUCCESS,
  ICON_WARNING,
} from '../common/option-sets.js';

// Built-in icons per icontype (inline SVG written here; no markup from a sender ever lands here).
const PATHS = {
  [ICON_INFO]: ['#0f6cbd', 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z'],
  [ICON_SUCCESS]: ['#107c10', 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-2 15-5-5 1.4-1.4 3.6 3.6 7.6-7.6L19 8l-9 9z'],
  [ICON_FAILURE]: [
    '#c4314b',
    'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm4.3 12.9-1.4 1.4L12 13.4l-2.9 2.9-1.4-1.4 2.9-2.9-2.9-2.9 1.4-1.4 2.9 2.9 2.9-2.9 1.4 1.4-2.9 2.9 2.9 2.9z',
  ],
  [ICON_WARNING]: ['#bc4b09', 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z'],
  [ICON_MENTION]: [
    '#5b5fc7',
    'M12 2a10 10 0 1 0 5.3 18.5l-1-1.7A8 8 0 1 1 20 12v1a2 2 0 0 1-4 0V7h-2v1a5 5 0 1 0 .9 7A4 4 0 0 0 22 13v-1A10 10 0 0 0 12 2zm0 13a3 3 0 1 1 0-6 3 3 0 0 1 0 6z',
  ],
};

export const BELL_SVG =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6V11a6 6 0 0 0-5-5.9V4a1 1 0 1 0-2 0v1.1A6 6 0 0 0 6 11v5l-2 2v1h16v-1l-2-2z"/></svg>';

/** An icon element for a record: the built-in one, or the record's custom image (a URL the core allowed). */
export function iconElement(document, iconType, customUrl) {
  const holder = document.createElement('span');
  holder.className = 'icon';
  if (iconType === ICON_CUSTOM && customUrl) {
    const image = document.createElement('img');
    image.alt = '';
    image.referrerPolicy = 'no-referrer';
    image.src = customUrl;
    holder.append(image);
    return holder;
  }
  const [color, path] = PATHS[iconType] ?? PATHS[ICON_INFO];
  holder.innerHTML = `<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="${color}" d="${path}"/></svg>`;
  return holder;
}
