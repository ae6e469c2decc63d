/// <reference lib="dom" />
// Accounts and access tokens (admin). Accounts (账号, web/src/views/accounts.ts) come first: an
// information administrator signs in with account and password. Tokens: issue one for a base administrator, a window platform's administrator,
// a city or another admin (shown once, with a copy button), list them, revoke. Replacing a base's
// administrator = issue a new token and revoke the old one.

import type { BaseRecord } from '../../../shared/registry';
import type { TokenView } from '../../../shared/use-cases/manage-tokens';
import { ApiError, api } from '../api';
import type { CarrierView } from '../carriers';
import { field, h, options, showFieldError, table } from '../dom';
import { fmtTime, ROLE_LABELS } from '../format';
import type { PlatformView } from '../platforms';
import { province } from '../province';
import { busy, type Ctx, errorText, notice, pageHeader, setStatus, statusLine, when } from '../ui';
import { accountsSection } from './accounts';

export async function tokensView(_ctx: Ctx) {
  const [bases, platforms, carriers, initial] = await Promise.all([
    api<{ bases: BaseRecord[] }>('GET', '/api/bases').then((r) => r.data.bases),
    // Without the platform registry (an older API) the page still serves the other roles.
    api<{ platforms: PlatformView[] }>('GET', '/api/platforms').then(
      (r) => r.data.platforms,
      () => [] as PlatformView[],
    ),
    api<{ carriers: CarrierView[] }>('GET', '/api/carriers').then(
      (r) => r.data.carriers,
      () => [] as CarrierView[],
    ),
    api<{ tokens: TokenView[] }>('GET', '/api/tokens').then((r) => r.data.tokens),
  ]);
  let tokens = initial;
  const baseName = new Map(bases.map((b) => [b.baseId, b.name]));
  const platformName = new Map(platforms.map((p) => [p.platformId, p.name]));
  const carrierName = new Map(carriers.map((c) => [c.carrierId, c.name]));
  const listEl = h('div', null);
  const listStatus = statusLine();

  const inputs = {
    role: h('select', { id: 't-role' }),
    baseId: h('select', { id: 't-baseId' }),
    platformId: h('select', { id: 't-platformId' }),
    carrierId: h('select', { id: 't-carrierId' }),
    city: h('select', { id: 't-city' }),
    name: h('input', { type: 'text', id: 't-name', autocomplete: 'off', maxlength: '50' }),
    phone: h('input', { type: 'tel', id: 't-phone', autocomplete: 'off', maxlength: '20' }),
  };
  inputs.role.append(
    ...options([
      { value: 'base', label: ROLE_LABELS.base },
      { value: 'platform', label: ROLE_LABELS.platform },
      { value: 'carrier', label: ROLE_LABELS.carrier },
      { value: 'city', label: ROLE_LABELS.city },
      { value: 'admin', label: ROLE_LABELS.admin },
    ]),
  );
  inputs.platformId.append(
    ...options([{ value: '', label: '请选择窗口平台' }, ...platforms.map((p) => ({ value: p.platformId, label: `${p.name}(${p.platformId})` }))]),
  );
  inputs.carrierId.append(
    ...options([{ value: '', label: '请选择载体' }, ...carriers.map((c) => ({ value: c.carrierId, label: `${c.name}(${c.carrierId})` }))]),
  );
  inputs.baseId.append(...options([{ value: '', label: '请选择基地' }, ...bases.map((b) => ({ value: b.baseId, label: `${b.name}(${b.baseId})` }))]));
  inputs.city.append(...options([{ value: '', label: '请选择市州' }, ...province().cities.map((c) => ({ value: c, label: c }))]));
  const rows = {
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

  const issued = h('div', { class: 'issued', tabindex: '-1' });
  const status = statusLine();
  const issueBtn = h('button', { type: 'submit', class: 'button button-primary' }, '签发令牌');
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'token-form-title' },
    h('h2', { id: 'token-form-title' }, '签发令牌'),
    h('p', { class: 'hint' }, '令牌只在签发时显示一次,系统只保存其摘要。请通过安全渠道交给持有人。更换基地信息管理员时,先签发新令牌,再撤销旧令牌。'),
    h(
      'div',
      { class: 'form-grid' },
      Object.values(rows).map((r) => r.row),
    ),
    h('div', { class: 'actions' }, issueBtn),
    status,
    issued,
  );

  function showIssued(token: string, who: string) {
    const out = h('input', { type: 'text', id: 'issued-token', readonly: true, value: token, class: 'token-output', spellcheck: 'false' });
    const copy = h('button', { type: 'button', class: 'button button-secondary' }, '复制');
    const copied = h('span', { role: 'status', 'aria-live': 'polite', class: 'copied' });
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(token);
        copied.textContent = '已复制';
      } catch {
        out.select();
        copied.textContent = '请按 Ctrl+C 复制已选中的令牌';
      }
    });
    issued.replaceChildren(
      notice(
        'ok',
        `已为「${who}」签发令牌(只显示这一次)`,
        h('div', { class: 'form-row' }, h('label', { for: 'issued-token' }, '新令牌'), h('div', { class: 'copy-row' }, out, copy, copied)),
        h('p', null, '离开本页后将无法再次查看。'),
      ),
    );
    issued.focus();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    for (const r of Object.values(rows)) showFieldError(r.control, r.error, undefined);
    const role = inputs.role.value as TokenView['role'];
    const body: Record<string, unknown> = { role, holder: { name: inputs.name.value.trim(), phone: inputs.phone.value.trim() } };
    const errors: Record<string, string> = {};
    if (role === 'base') inputs.baseId.value ? (body.baseId = inputs.baseId.value) : (errors.baseId = '基地:请选择');
    if (role === 'platform') inputs.platformId.value ? (body.platformId = inputs.platformId.value) : (errors.platformId = '窗口平台:请选择');
    if (role === 'carrier') inputs.carrierId.value ? (body.carrierId = inputs.carrierId.value) : (errors.carrierId = '双创特色载体:请选择');
    if (role === 'city') inputs.city.value ? (body.city = inputs.city.value) : (errors.city = '市州:请选择');
    if (!inputs.name.value.trim()) errors.name = '持有人姓名:必填';
    if (!/^[0-9+\-\s()]{5,20}$/.test(inputs.phone.value.trim())) errors.phone = '联系电话格式不正确';
    const show = (errs: Record<string, string>) => {
      let first: HTMLElement | null = null;
      for (const [k, m] of Object.entries(errs)) {
        const key = k.replace(/^holder\./, '') as keyof typeof rows;
        const r = rows[key];
        if (r) {
          showFieldError(r.control, r.error, m);
          first ??= r.control;
        }
      }
      setStatus(status, 'error', Object.values(errs).join(';'));
      first?.focus();
    };
    if (Object.keys(errors).length) return show(errors);
    void busy(issueBtn, async () => {
      try {
        const r = await api<TokenView & { token: string }>('POST', '/api/tokens', body);
        setStatus(status, 'ok', '');
        const who =
          role === 'base'
            ? `${baseName.get(r.data.baseId ?? '') ?? r.data.baseId} · ${r.data.holder.name}`
            : role === 'platform'
              ? `${platformName.get(r.data.platformId ?? '') ?? r.data.platformId} · ${r.data.holder.name}`
              : role === 'carrier'
                ? `${carrierName.get(r.data.carrierId ?? '') ?? r.data.carrierId} · ${r.data.holder.name}`
                : role === 'city'
                  ? `${r.data.city} · ${r.data.holder.name}`
                  : r.data.holder.name;
        showIssued(r.data.token, who);
        form.querySelectorAll<HTMLInputElement>('#t-name, #t-phone').forEach((i) => (i.value = ''));
        tokens = (await api<{ tokens: TokenView[] }>('GET', '/api/tokens')).data.tokens;
        renderList();
      } catch (err) {
        if (err instanceof ApiError && Object.keys(err.fields).length) show(err.fields);
        else setStatus(status, 'error', errorText(err));
      }
    });
  });

  function revokeCell(t: TokenView): HTMLElement {
    const cell = h('span', { class: 'link-list' });
    if (t.revokedAt) return cell;
    const label = `${t.holder.name}(${ROLE_LABELS[t.role]})`;
    const start = h('button', { type: 'button', class: 'link-button danger', 'aria-label': `撤销 ${label} 的令牌` }, '撤销');
    start.addEventListener('click', () => {
      const yes = h('button', { type: 'button', class: 'button button-danger button-small' }, '确认撤销');
      const no = h('button', { type: 'button', class: 'button button-quiet button-small' }, '取消');
      no.addEventListener('click', () => {
        cell.replaceChildren(start);
        start.focus();
      });
      yes.addEventListener(
        'click',
        () =>
          void busy(yes, async () => {
            try {
              await api('DELETE', `/api/tokens/${t.tokenId}`);
              tokens = (await api<{ tokens: TokenView[] }>('GET', '/api/tokens')).data.tokens;
              renderList();
              setStatus(listStatus, 'ok', `已撤销 ${label} 的令牌`);
            } catch (err) {
              setStatus(listStatus, 'error', errorText(err));
            }
          }),
      );
      cell.replaceChildren(yes, no);
      yes.focus();
    });
    cell.append(start);
    return cell;
  }

  function renderList() {
    const sorted = [...tokens].sort((a, b) => Number(!!a.revokedAt) - Number(!!b.revokedAt) || b.createdAt.localeCompare(a.createdAt));
    listEl.replaceChildren(
      sorted.length
        ? table(
            '已签发的令牌',
            ['持有人', '联系电话', '角色', '基地 / 平台 / 载体 / 市州', '签发时间', '状态', '操作'],
            sorted.map((t) => [
              t.holder.name,
              t.holder.phone,
              ROLE_LABELS[t.role],
              t.role === 'base'
                ? (baseName.get(t.baseId ?? '') ?? t.baseId ?? '—')
                : t.role === 'platform'
                  ? (platformName.get(t.platformId ?? '') ?? t.platformId ?? '—')
                  : t.role === 'carrier'
                    ? (carrierName.get(t.carrierId ?? '') ?? t.carrierId ?? '—')
                    : t.role === 'city'
                      ? (t.city ?? '—')
                      : '—',
              when(t.createdAt),
              t.revokedAt
                ? h('span', { class: 'badge badge-revoked' }, `已撤销 ${fmtTime(t.revokedAt)}`)
                : h('span', { class: 'badge badge-accepted' }, '有效'),
              revokeCell(t),
            ]),
          )
        : notice('info', '尚未签发令牌', null),
    );
  }
  renderList();
  const accounts = await accountsSection({ bases, platforms, carriers });

  return h(
    'div',
    null,
    pageHeader('令牌', h('span', null, '基地、窗口平台、双创特色载体、市州和省级管理员的登录账号与访问令牌')),
    h('h2', { class: 'section-title' }, '账号'),
    accounts,
    h('h2', { class: 'section-title' }, '令牌'),
    form,
    h('section', { class: 'card', 'aria-labelledby': 'token-list-title' }, h('h2', { id: 'token-list-title' }, '令牌列表'), listStatus, listEl),
  );
}
