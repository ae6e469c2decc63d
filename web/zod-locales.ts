// Stand-in for zod's locales index in the browser bundle (see web/build.ts): only the
// locales the pages use, instead of all of them.

export { default as en } from 'zod/v4/locales/en.js';
export { default as zhCN } from 'zod/v4/locales/zh-CN.js';
