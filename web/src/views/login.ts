/// <reference lib="dom" />
// Sign-in: with account and password (账号登录, first), or with an access token (令牌登录). An
// account's sign-in answers a session token; either token is kept in sessionStorage (this tab
// only, gone when the tab closes) and removed on sign-out.

import type { SessionIssued } from '../../../shared/use-cases/manage-accounts';
import { ApiError, api, session } from '../api';
import { field, h, showFieldError } from '../dom';
import { fmtTime } from '../format';
import { province, provinceLoaded } from '../province';
import { errorText, type Me } from '../ui';

type Mode = 'account' | 'token';

export function loginView(opts: { message?: string; onSignedIn(me: Me, signedIn?: { mustChangePassword?: boolean }): void }): HTMLElement {
  const message = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite' }, opts.message ?? '');

  // ---- 账号登录 ----
  const username = h('input', {
    type: 'text',
    name: 'username',
    autocomplete: 'username',
    spellcheck: 'false',
    autocapitalize: 'off',
    maxlength: '64',
    required: true,
  });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', maxlength: '128', required: true });
  const fu = field('账号', username, { required: true });
  const fp = field('密码', password, { hint: '连续输错5次密码,账号将被临时锁定。忘记密码请联系省级管理员重置。', required: true });
  const accountSubmit = h('button', { type: 'submit', class: 'button button-primary' }, '登录');
  const accountForm = h(
    'form',
    { class: 'login-form', novalidate: true, id: 'login-account', role: 'tabpanel', 'aria-labelledby': 'tab-account' },
    fu.row,
    fp.row,
    h('div', { class: 'actions' }, accountSubmit),
  );

  // ---- 令牌登录 ----
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', required: true });
  const f = field('访问令牌', input, {
    hint: '请输入省级管理员发给您的令牌(以 tb_ 开头;省级管理员令牌以 tba_ 开头)。令牌只保存在本浏览器标签页中,关闭标签页或退出登录后即清除。',
    required: true,
  });
  const show = h('input', { type: 'checkbox', id: 'show-token' });
  show.addEventListener('change', () => (input.type = show.checked ? 'text' : 'password'));
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '登录');
  const tokenForm = h(
    'form',
    { class: 'login-form', novalidate: true, id: 'login-token', role: 'tabpanel', 'aria-labelledby': 'tab-token' },
    f.row,
    h('div', { class: 'check-row' }, show, h('label', { for: 'show-token' }, '显示令牌')),
    h('div', { class: 'actions' }, submit),
  );

  // ---- the two tabs (arrow keys move between them, as a tablist should) ----
  const tabs: Record<Mode, HTMLButtonElement> = {
    account: h('button', { type: 'button', role: 'tab', id: 'tab-account', 'aria-controls': 'login-account', class: 'login-tab' }, '账号登录'),
    token: h('button', { type: 'button', role: 'tab', id: 'tab-token', 'aria-controls': 'login-token', class: 'login-tab' }, '令牌登录'),
  };
  const select = (mode: Mode, focus: boolean) => {
    for (const m of ['account', 'token'] as const) {
      tabs[m].setAttribute('aria-selected', String(m === mode));
      tabs[m].tabIndex = m === mode ? 0 : -1;
    }
    accountForm.hidden = mode !== 'account';
    tokenForm.hidden = mode !== 'token';
    if (focus) (mode === 'account' ? username : input).focus();
  };
  tabs.account.addEventListener('click', () => select('account', true));
  tabs.token.addEventListener('click', () => select('token', true));
  for (const t of Object.values(tabs))
    t.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const next = t === tabs.account ? 'token' : 'account';
      select(next, false);
      tabs[next].focus();
    });
  select('account', false);

  accountForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const u = username.value.trim();
    const p = password.value;
    showFieldError(username, fu.error, u ? undefined : '账号:必填');
    showFieldError(password, fp.error, p ? undefined : '密码:必填');
    if (!u || !p) return (u ? password : username).focus();
    accountSubmit.disabled = true;
    message.textContent = '正在登录…';
    try {
      const s = (await api<SessionIssued>('POST', '/api/sessions', { username: u, password: p }, { token: '' })).data;
      const me = (await api<Me>('GET', '/api/me', undefined, { token: s.token })).data;
      session.set(s.token);
      password.value = '';
      message.textContent = `已登录,有效期至 ${fmtTime(s.expiresAt)}`;
      opts.onSignedIn(me, { mustChangePassword: s.mustChangePassword });
    } catch (err) {
      // A wrong password, an unknown account, a locked or disabled one: the server's words.
      const text = err instanceof ApiError && err.status === 400 ? '账号或密码不正确' : errorText(err);
      showFieldError(password, fp.error, text);
      message.textContent = '';
      password.value = '';
      password.focus();
    } finally {
      accountSubmit.disabled = false;
    }
  });

  tokenForm.addEventListener('submit', async (e) => {
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
      h('div', { class: 'login-tabs', role: 'tablist', 'aria-label': '登录方式' }, tabs.account, tabs.token),
      accountForm,
      tokenForm,
      message,
    ),
  );
}
