/// <reference lib="dom" />
// The filing form's error summary: 请修改以下 N 处问题, each message a link that focuses its input.

import { h } from '../dom';

export interface ErrorSummary {
  el: HTMLElement;
  /** Shows the errors (or hides the summary when `show` is false or there are none). */
  render(errors: Record<string, string>, show: boolean): void;
  /** Focuses the input an error key points at and scrolls it into view. */
  focusField(code: string): void;
}

export function errorSummary(targetOf: (key: string) => HTMLElement | null): ErrorSummary {
  const summary = h('div', { class: 'error-summary', tabindex: '-1', role: 'alert', hidden: true });

  const focusField = (code: string) => {
    const el = targetOf(code);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: 'center' });
    }
  };

  function render(errors: Record<string, string>, show: boolean) {
    const entries = Object.entries(errors);
    if (!show || !entries.length) {
      summary.hidden = true;
      summary.replaceChildren();
      return;
    }
    summary.hidden = false;
    summary.replaceChildren(
      h('h2', null, `请修改以下 ${entries.length} 处问题`),
      h(
        'ul',
        null,
        entries.map(([code, msg]) => {
          const a = h('a', { href: `#${targetOf(code)?.id ?? ''}` }, msg);
          a.addEventListener('click', (e) => {
            e.preventDefault();
            focusField(code);
          });
          return h('li', null, a);
        }),
      ),
    );
  }

  return { el: summary, render, focusField };
}
