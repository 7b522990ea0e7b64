// The browser entry: the public API, with <appnotify-center> defined as soon as the package loads.
import { defineElement } from './center/element.js';
import { setElementDefiner } from './index.js';

setElementDefiner(defineElement);
if (typeof customElements !== 'undefined') defineElement();

export * from './index.js';
