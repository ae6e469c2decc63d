/// <reference lib="dom" />
// Sign-in with an access token. The token is kept in sessionStorage (this tab only, gone when
// the tab closes) and removed on sign-out.

import { api, session } from '../api';
import { field, h, showFieldError } from '../dom';
import { province, provinceLoaded } from '../province';
import { errorText, type Me } from '../ui';

export function loginView(opts: { message?: string; onSignedIn(me: Me): void }): HTMLElement {
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', required: true });
  const f = field('访问令牌', input, { hint: '请输入省级管理员发给您的令牌(以 tb_ 开头;省级管理员令牌以 tba_ 开头)。令牌只保存在本浏览器标签页中,关闭标签页或退出登录后即清除。', required: true });
  const show = h('input', { type: 'checkbox', id: 'show-token' });
  show.addEventListener('change', () => (input.type = show.checked ? 'text' : 'password'));
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '登录');
  const message = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite' }, opts.message ?? '');
  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    f.row,
    h('div', { class: 'check-row' }, show, h('label', { for: 'show-token' }, '显示令牌')),
    h('div', { class: 'actions' }, submit),
    message,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (!token) {
      showFieldError(input, f.error, '访问令牌:必填');
      input.focus();
      return;
    }
    showFieldError(input, f.error, undefined);
    submit.disabled = true;
    message.textContent = '正在登录…';
    try {
      const me = (await api<Me>('GET', '/api/me', undefined, { token })).data;
      session.set(token);
      message.textContent = '';
      opts.onSignedIn(me);
    } catch (err) {
      const text = (err as { status?: number }).status === 401 ? '令牌无效或已被撤销,请核对后重试,或联系省级管理员' : errorText(err);
      showFieldError(input, f.error, text);
      message.textContent = '';
      input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return h(
    'div',
    { class: 'login' },
    h(
      'div',
      { class: 'login-card' },
      h('div', { class: 'login-brand', 'aria-hidden': 'true' }, '通'),
      // The province is known once someone has signed in on this page (GET /api/province needs a token).
      h('h1', { tabindex: '-1' }, `${provinceLoaded() ? province().name : ''}中小微企业创业创新基地`, h('br'), '数据填报与通报系统'),
      h('p', { class: 'lead' }, '基地信息管理员按季度填报运营数据;省、市州管理员查看报送情况、审核报表、下载统计通报。'),
      form,
    ),
  );
}
