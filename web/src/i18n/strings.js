import * as optionSets from '../common/option-sets.js';

// Every string the component shows, in English, replaceable per center ({strings: {...}}); the
// other built-in languages are in locales/ (a center in one fetches its file: see localeFile);
// relative times come from Intl in the center's locale. `dir` is set by right-to-left languages.
export const DEFAULT_STRINGS = {
  bellLabel: 'Notifications',
  bellLabelWithCount: (count) => `Notifications, ${count} new`,
  centerTitle: 'Notifications',
  dismiss: 'Dismiss',
  dismissAll: 'Dismiss all',
  close: 'Close',
  empty: 'You have no notifications.',
  offline: 'Offline: showing what was loaded; new notifications will arrive when the connection is back.',
  unavailable: 'Notifications are unavailable right now; retrying.',
  loading: 'Loading notifications…',
  more: (count) => `${count} more in the notification center`,
  open: 'Open',
  showMore: 'Show more',
  showLess: 'Show less',
  highPriority: 'High priority',
  settings: 'Settings',
  showToasts: 'Show toasts',
  toastDuration: 'Toast duration (seconds)',
  justNow: 'just now',
  iconNames: {
    [optionSets.ICON_INFO]: 'Info',
    [optionSets.ICON_SUCCESS]: 'Success',
    [optionSets.ICON_FAILURE]: 'Failure',
    [optionSets.ICON_WARNING]: 'Warning',
    [optionSets.ICON_MENTION]: 'Mention',
    [optionSets.ICON_CUSTOM]: '',
  },
};

// The built-in languages besides English, each in its own file (dist/appnotify-locale-<tag>.mjs,
// from src/i18n/locales/), fetched only by a center in that language.
export const LOCALES = ['de', 'fr', 'es', 'pt-BR', 'ja', 'zh-Hans', 'ar'];

/** The built-in language for a BCP 47 tag ("de-AT" -> "de", "zh-CN" -> "zh-Hans"), or null: English. */
export function localeFile(tag) {
  const [language, ...rest] = String(tag ?? '')
    .toLowerCase()
    .split('-');
  if (language === 'pt') return 'pt-BR';
  if (language === 'zh') return rest.some((part) => ['hant', 'tw', 'hk', 'mo'].includes(part)) ? null : 'zh-Hans';
  return LOCALES.includes(language) ? language : null;
}

export function relativeTime(locale, fromMs, nowMs, strings) {
  const seconds = Math.round((fromMs - nowMs) / 1000);
  if (Math.abs(seconds) < 45) return strings.justNow;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const units = [
    ['year', 31536000],
    ['month', 2592000],
    ['week', 604800],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}
