// The record's option sets (docs/api.md), by name: the values Dataverse gives them.
export const ICON_INFO = 100000000;
export const ICON_SUCCESS = 100000001;
export const ICON_FAILURE = 100000002;
export const ICON_WARNING = 100000003;
export const ICON_MENTION = 100000004;
export const ICON_CUSTOM = 100000005;
export const TOAST_TIMED = 200000000;
export const TOAST_HIDDEN = 200000001;
export const PRIORITY_NORMAL = 200000000;
export const PRIORITY_HIGH = 200000001;
