// The browser entry: the public API, with <appnotify-center> defined as soon as the package loads
// (createNotificationCenter makes one).
import { defineElement } from '../bell/element.js';

if (typeof customElements !== 'undefined') defineElement();

export * from './index.js';
