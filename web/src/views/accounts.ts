/// <reference lib="dom" />
// Sign-in accounts (admin), a section of the 令牌 page: create an account for an information
// administrator (the initial password shown once, with a copy button), list accounts, reset a
// password, disable/enable, unlock. Handing over = disable the old account, create a new one.

import { type BaseRecord, HUNAN_CITIES } from '../../../shared/registry';
import type { AccountView } from '../../../shared/use-cases/manage-accounts';
import { ApiError, api } from '../api';
import type { CarrierView } from '../carriers';
import { field, h, options, showFieldError, table } from '../dom';
import { fmtTime, ROLE_LABELS } from '../format';
import type { PlatformView } from '../platforms';
import { busy, errorText, notice, setStatus, statusLine, when } from '../ui';

export type { AccountView };

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;

export async function accountsSection(registry: { bases: BaseRecord[]; platforms: PlatformView[]; carriers: CarrierView[] }): Promise<HTMLElement> {
  // An API without accounts (older deployment): the section says so instead of failing the page.
  let accounts: AccountView[];
  try {
    accounts = (await api<{ accounts: AccountView[] }>('GET', '/api/accounts')).data.accounts;
  } catch (err) {
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'account-title' },
      h('h2', { id: 'account-title' }, '账号'),
      notice('error', '无法读取账号', errorText(err)),
    );
  }
  const names = {
    base: new Map(registry.bases.map((b) => [b.baseId, b.name])),
    platform: new Map(registry.platforms.map((p) => [p.platformId, p.name])),
    carrier: new Map(registry.carriers.map((c) => [c.carrierId, c.name])),
  };
  const inputs = {
    username: h('input', { type: 'text', id: 'a-username', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', maxlength: '32' }),
    role: h('select', { id: 'a-role' }),
    baseId: h('select', { id: 'a-baseId' }),
    platformId: h('select', { id: 'a-platformId' }),
    carrierId: h('select', { id: 'a-carrierId' }),
    city: h('select', { id: 'a-city' }),
    name: h('input', { type: 'text', id: 'a-name', autocomplete: 'off', maxlength: '50' }),
    phone: h('input', { type: 'tel', id: 'a-phone', autocomplete: 'off', maxlength: '20' }),
  };
  inputs.role.append(...options((['base', 'platform', 'carrier', 'city', 'admin'] as const).map((r) => ({ value: r, label: ROLE_LABELS[r] }))));
  inputs.baseId.append(...options([{ value: '', label: '请选择基地' }, ...registry.bases.map((b) => ({ value: b.baseId, label: `${b.name}(${b.baseId})` }))]));
  inputs.platformId.append(
    ...options([{ value: '', label: '请选择窗口平台' }, ...registry.platforms.map((p) => ({ value: p.platformId, label: `${p.name}(${p.platformId})` }))]),
  );
  inputs.carrierId.append(
    ...options([{ value: '', label: '请选择载体' }, ...registry.carriers.map((c) => ({ value: c.carrierId, label: `${c.name}(${c.carrierId})` }))]),
  );
  inputs.city.append(...options([{ value: '', label: '请选择市州' }, ...HUNAN_CITIES.map((c) => ({ value: c, label: c }))]));
  const rows = {
    username: field('账号', inputs.username, { required: true, hint: '3-32位小写字母、数字或 . _ -,如 csxc.lisi' }),
    role: field('角色', inputs.role, { required: true }),
    baseId: field('基地', inputs.baseId, { required: true }),
    platformId: field('窗口平台', inputs.platformId, { required: true }),
    carrierId: field('双创特色载体', inputs.carrierId, { required: true }),
    city: field('市州', inputs.city, { required: true }),
    name: field('持有人姓名', inputs.name, { required: true }),
    phone: field('联系电话', inputs.phone, { required: true }),
  };
  const syncRole = () => {
    rows.baseId.row.hidden = inputs.role.value !== 'base';
    rows.platformId.row.hidden = inputs.role.value !== 'platform';
    rows.carrierId.row.hidden = inputs.role.value !== 'carrier';
    rows.city.row.hidden = inputs.role.value !== 'city';
  };
  inputs.role.addEventListener('change', syncRole);
  syncRole();

  const shown = h('div', { class: 'shown-password', tabindex: '-1' });
  const status = statusLine();
  const listStatus = statusLine();
  const listEl = h('div', null);
  const createBtn = h('button', { type: 'submit', class: 'button button-primary' }, '创建账号');
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'account-form-title' },
    h('h2', { id: 'account-form-title' }, '创建账号'),
    h(
      'p',
      { class: 'hint' },
      '信息管理员用账号和密码登录,无需粘贴令牌。系统生成初始密码,只显示这一次,请通过安全渠道交给持有人。更换信息管理员时,停用旧账号,再为新人创建账号。',
    ),
    h(
      'div',
      { class: 'form-grid' },
      Object.values(rows).map((r) => r.row),
    ),
    h('div', { class: 'actions' }, createBtn),
    status,
    shown,
  );

  /** The initial password, once, with a copy button. */
  function showPassword(password: string, who: string, what: string) {
    const out = h('input', { type: 'text', id: 'initial-password', readonly: true, value: password, class: 'token-output', spellcheck: 'false' });
    const copy = h('button', { type: 'button', class: 'button button-secondary' }, '复制');
    const copied = h('span', { role: 'status', 'aria-live': 'polite', class: 'copied' });
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(password);
        copied.textContent = '已复制';
      } catch {
        out.select();
        copied.textContent = '请按 Ctrl+C 复制已选中的密码';
      }
    });
    shown.replaceChildren(
      notice(
        'ok',
        `${what}「${who}」的初始密码(只显示这一次)`,
        h('div', { class: 'form-row' }, h('label', { for: 'initial-password' }, '初始密码'), h('div', { class: 'copy-row' }, out, copy, copied)),
        h('p', null, '离开本页后将无法再次查看;如遗失,可重置密码。'),
      ),
    );
    shown.focus();
  }

  const reload = async () => {
    accounts = (await api<{ accounts: AccountView[] }>('GET', '/api/accounts')).data.accounts;
    renderList();
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    for (const r of Object.values(rows)) showFieldError(r.control, r.error, undefined);
    const role = inputs.role.value as AccountView['role'];
    const username = inputs.username.value.trim().toLowerCase();
    const body: Record<string, unknown> = { username, role, holder: { name: inputs.name.value.trim(), phone: inputs.phone.value.trim() } };
    const errors: Record<string, string> = {};
    if (!USERNAME.test(username)) errors.username = '账号应为3-32位小写字母、数字或 . _ -,以字母或数字开头';
    if (role === 'base') inputs.baseId.value ? (body.baseId = inputs.baseId.value) : (errors.baseId = '基地:请选择');
    if (role === 'platform') inputs.platformId.value ? (body.platformId = inputs.platformId.value) : (errors.platformId = '窗口平台:请选择');
    if (role === 'carrier') inputs.carrierId.value ? (body.carrierId = inputs.carrierId.value) : (errors.carrierId = '双创特色载体:请选择');
    if (role === 'city') inputs.city.value ? (body.city = inputs.city.value) : (errors.city = '市州:请选择');
    if (!inputs.name.value.trim()) errors.name = '持有人姓名:必填';
    if (!/^[0-9+\-\s()]{5,20}$/.test(inputs.phone.value.trim())) errors.phone = '联系电话格式不正确';
    const show = (errs: Record<string, string>) => {
      let first: HTMLElement | null = null;
      for (const [k, m] of Object.entries(errs)) {
        const r = rows[k.replace(/^holder\./, '') as keyof typeof rows];
        if (r) {
          showFieldError(r.control, r.error, m);
          first ??= r.control;
        }
      }
      setStatus(status, 'error', Object.values(errs).join(';'));
      first?.focus();
    };
    if (Object.keys(errors).length) return show(errors);
    void busy(createBtn, async () => {
      try {
        const r = await api<{ account: AccountView; initialPassword: string }>('POST', '/api/accounts', body);
        setStatus(status, 'ok', '');
        showPassword(r.data.initialPassword, `${r.data.account.username} · ${r.data.account.holder.name}`, '已创建账号');
        for (const i of [inputs.username, inputs.name, inputs.phone]) i.value = '';
        await reload();
      } catch (err) {
        if (err instanceof ApiError && Object.keys(err.fields).length) show(err.fields);
        else setStatus(status, 'error', errorText(err));
      }
    });
  });

  /** A button that asks once more before it acts (reset, disable). */
  function confirmed(label: string, aria: string, confirmLabel: string, danger: boolean, act: () => Promise<void>): HTMLElement {
    const cell = h('span', { class: 'link-list' });
    const start = h('button', { type: 'button', class: `link-button${danger ? ' danger' : ''}`, 'aria-label': aria }, label);
    start.addEventListener('click', () => {
      const yes = h('button', { type: 'button', class: `button ${danger ? 'button-danger' : 'button-primary'} button-small` }, confirmLabel);
      const no = h('button', { type: 'button', class: 'button button-quiet button-small' }, '取消');
      no.addEventListener('click', () => {
        cell.replaceChildren(start);
        start.focus();
      });
      yes.addEventListener('click', () => void busy(yes, act));
      cell.replaceChildren(yes, no);
      yes.focus();
    });
    cell.append(start);
    return cell;
  }

  function actionsCell(a: AccountView): HTMLElement {
    const who = `${a.username}(${a.holder.name})`;
    const run = (path: string, done: string) => async () => {
      try {
        await api('POST', `/api/accounts/${encodeURIComponent(a.username)}/${path}`);
        await reload();
        setStatus(listStatus, 'ok', done);
      } catch (err) {
        setStatus(listStatus, 'error', errorText(err));
      }
    };
    const cell = h('span', { class: 'link-list' });
    if (a.locked || a.failures > 0) {
      const unlock = h('button', { type: 'button', class: 'link-button', 'aria-label': `解锁 ${who}` }, '解锁');
      unlock.addEventListener('click', () => void busy(unlock, run('unlock', `已解锁 ${who}`)));
      cell.append(unlock);
    }
    cell.append(
      confirmed('重置密码', `重置 ${who} 的密码`, '确认重置', false, async () => {
        try {
          const r = await api<{ account: AccountView; initialPassword: string }>('POST', `/api/accounts/${encodeURIComponent(a.username)}/reset`);
          showPassword(r.data.initialPassword, `${a.username} · ${a.holder.name}`, '已重置');
          await reload();
          setStatus(listStatus, 'ok', `已重置 ${who} 的密码,其已登录的会话已失效`);
        } catch (err) {
          setStatus(listStatus, 'error', errorText(err));
        }
      }),
    );
    if (a.disabledAt) {
      const enable = h('button', { type: 'button', class: 'link-button', 'aria-label': `启用 ${who}` }, '启用');
      enable.addEventListener('click', () => void busy(enable, run('enable', `已启用 ${who}`)));
      cell.append(enable);
    } else cell.append(confirmed('停用', `停用 ${who}`, '确认停用', true, run('disable', `已停用 ${who},其已登录的会话立即失效`)));
    return cell;
  }

  const target = (a: AccountView) =>
    a.role === 'base'
      ? (names.base.get(a.baseId ?? '') ?? a.baseId ?? '—')
      : a.role === 'platform'
        ? (names.platform.get(a.platformId ?? '') ?? a.platformId ?? '—')
        : a.role === 'carrier'
          ? (names.carrier.get(a.carrierId ?? '') ?? a.carrierId ?? '—')
          : a.role === 'city'
            ? (a.city ?? '—')
            : '—';
  const state = (a: AccountView) =>
    a.disabledAt
      ? h('span', { class: 'badge badge-revoked' }, `已停用 ${fmtTime(a.disabledAt)}`)
      : a.locked
        ? h('span', { class: 'badge badge-returned' }, `已锁定至 ${fmtTime(a.lockedUntil)}`)
        : h(
            'span',
            { class: 'badge badge-accepted' },
            ['有效', a.mustChangePassword ? '初始密码未修改' : '', a.failures ? `连续输错 ${a.failures} 次` : ''].filter(Boolean).join(' · '),
          );

  function renderList() {
    const sorted = [...accounts].sort((x, y) => Number(!!x.disabledAt) - Number(!!y.disabledAt) || x.username.localeCompare(y.username));
    listEl.replaceChildren(
      sorted.length
        ? table(
            '账号',
            ['账号', '持有人', '联系电话', '角色', '基地 / 平台 / 载体 / 市州', '密码设置时间', '状态', '操作'],
            sorted.map((a) => [a.username, a.holder.name, a.holder.phone, ROLE_LABELS[a.role], target(a), when(a.passwordSetAt), state(a), actionsCell(a)]),
          )
        : notice('info', '尚未创建账号', null),
    );
  }
  renderList();

  return h(
    'div',
    null,
    form,
    h('section', { class: 'card', 'aria-labelledby': 'account-list-title' }, h('h2', { id: 'account-list-title' }, '账号列表'), listStatus, listEl),
  );
}
