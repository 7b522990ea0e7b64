// Type declarations of the appnotify package (ES module and the global AppNotify of the classic script).

export interface Problem {
  code: string;
  path: string;
  message: string;
}

export interface NotificationRecord {
  appnotificationid?: string;
  title: string;
  body?: string;
  ownerid: string;
  icontype: number;
  toasttype: number;
  priority: number;
  ttlinseconds?: number;
  data?: string;
}

export interface ValidationResult {
  ok: boolean;
  errors: Problem[];
  warnings: Problem[];
  value: NotificationRecord | null;
}

export interface RenderedContent {
  html: string;
  text: string;
}

/**
 * Hands out the bearer token. Called with {forceRefresh: true} after a request or the push stream
 * answered 401 (an expired token): return a fresh one then (MSAL: acquireTokenSilent with
 * forceRefresh; oidc-client-ts: signinSilent). The request is tried once more with it.
 */
export type GetToken = (options: { forceRefresh: boolean }) => string | null | Promise<string | null>;

export interface CenterOptions {
  baseUrl: string;
  getToken: GetToken;
  mount?: Element;
  appBase?: string;
  locale?: string;
  theme?: 'light' | 'dark' | 'system';
  position?: 'bottom-end' | 'top-end' | 'bottom-start' | 'top-start';
  strings?: Record<string, unknown>;
  wasmUrl?: string;
  /**
   * For `sidepane` actions: the URL of the page their `navigationTarget` (a page input, such as
   * {pageType: 'entityrecord', entityName, entityId}) stands for, or null. Given, the center opens it
   * in a side pane (paneOptions' width and title); absent, a sidepane action only raises appnotify-action.
   */
  resolvePage?: (pageInput: unknown) => string | null | Promise<string | null>;
}

/** Detail of the `appnotify-ready` event: the center's core is loaded and its bell opens the center. */
export interface AppNotifyReadyDetail {
  user: string;
}

export interface AppNotifyActionDetail {
  notification: Record<string, unknown> | null;
  action: Record<string, unknown> | null;
  url: string;
  kind: 'url' | 'sidepane' | 'teamsChat' | 'link';
}

/**
 * Loads the core (appnotify.wasm) and the validator (appnotify-validate.wasm), and where there is no DOM
 * (node, workers) the named references' table (appnotify-entities.json; a page's browser decodes them
 * itself), by default from beside the script (the latter two beside wasmUrl when it is given);
 * validateNotification and renderMarkdown need it. A page that only shows a center need not call it,
 * and then never downloads the validator.
 */
export function ready(options?: { wasmUrl?: string; validatorUrl?: string; entitiesUrl?: string }): Promise<unknown>;
export function validateNotification(payload: object | string): ValidationResult;
export function renderMarkdown(text: string): RenderedContent;
export function createNotificationCenter(options: CenterOptions): HTMLElement;

export interface XrmError extends Error {
  errorCode: string;
  code: string;
  problems: Problem[];
}

export const Xrm: {
  configure(options: { baseUrl: string; getToken: GetToken }): void;
  WebApi: {
    createRecord(entity: 'appnotification', data: object): Promise<{ id: string; entityType: string }>;
    retrieveRecord(entity: 'appnotification', id: string, options?: string): Promise<Record<string, unknown>>;
    retrieveMultipleRecords(
      entity: 'appnotification',
      options?: string,
      maxPageSize?: number,
    ): Promise<{ entities: Record<string, unknown>[]; nextLink?: string }>;
    updateRecord(entity: 'appnotification', id: string, data: object): Promise<{ id: string; entityType: string }>;
    deleteRecord(entity: 'appnotification', id: string): Promise<{ id: string; entityType: string }>;
  };
};

/** The API as the classic script (dist/appnotify.js) gives it, in the global AppNotify. */
export interface AppNotifyApi {
  ready: typeof ready;
  validateNotification: typeof validateNotification;
  renderMarkdown: typeof renderMarkdown;
  createNotificationCenter: typeof createNotificationCenter;
  Xrm: typeof Xrm;
}

export type QueuedCall = (api: AppNotifyApi) => void;

declare global {
  /** Defined by the classic script when it runs. */
  var AppNotify: AppNotifyApi | undefined;
  /**
   * What a page wants done with the API once the classic script has run (loaded `async`, it may run
   * before or after the page's code): `(globalThis.AppNotifyQueue ??= []).push((AppNotify) => ...)`.
   * The script calls what is queued, in order, when it runs; after that, push calls at once.
   */
  var AppNotifyQueue: QueuedCall[] | { push(...calls: QueuedCall[]): void } | undefined;
  /** The token of a center placed by markup alone (`<appnotify-center base-url="...">`). */
  var AppNotifyToken: string | undefined;
}
