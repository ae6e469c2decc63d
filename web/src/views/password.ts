/// <reference lib="dom" />
// 修改密码: the holder of an account replaces the password an admin set (initial or reset) with
// one of their own. The current password is asked again; other sessions of the account end.

import { ApiError, api } from '../api';
import { field, h, showFieldError } from '../dom';
import { fmtTime } from '../format';
import { busy, type Ctx, errorText, notice, pageHeader, setStatus, statusLine } from '../ui';

export async function passwordView(ctx: Ctx) {
  if (!ctx.me.account)
    return h('div', null, pageHeader('修改密码'), notice('info', '使用令牌登录时没有密码', '请使用账号登录后修改密码;令牌由省级管理员签发和撤销。'));
  const inputs = {
    currentPassword: h('input', { type: 'password', id: 'pw-current', autocomplete: 'current-password', maxlength: '128' }),
    newPassword: h('input', { type: 'password', id: 'pw-new', autocomplete: 'new-password', maxlength: '128' }),
    repeat: h('input', { type: 'password', id: 'pw-repeat', autocomplete: 'new-password', maxlength: '128' }),
  };
  const rows = {
    currentPassword: field('当前密码', inputs.currentPassword, { required: true }),
    newPassword: field('新密码', inputs.newPassword, { required: true, hint: '至少10个字符,须同时包含字母和数字,不能与账号相同。' }),
    repeat: field('再次输入新密码', inputs.repeat, { required: true }),
  };
  const firstNotice =
    ctx.query.get('first') === '1'
      ? notice('warn', '请修改初始密码', '您的密码由省级管理员设置(初始密码或重置后的密码)。请设置只有您自己知道的新密码。')
      : null;
  const status = statusLine();
  const done = h('div', { class: 'shown-password', tabindex: '-1' });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, '修改密码');
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h(
      'div',
      { class: 'form-grid' },
      Object.values(rows).map((r) => r.row),
    ),
    h('div', { class: 'actions' }, submit),
    status,
    done,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    for (const r of Object.values(rows)) showFieldError(r.control, r.error, undefined);
    const errors: Record<string, string> = {};
    if (!inputs.currentPassword.value) errors.currentPassword = '当前密码:必填';
    if (!inputs.newPassword.value) errors.newPassword = '新密码:必填';
    else if (inputs.repeat.value !== inputs.newPassword.value) errors.repeat = '两次输入的新密码不一致';
    const show = (errs: Record<string, string>) => {
      let first: HTMLElement | null = null;
      for (const [k, m] of Object.entries(errs)) {
        const r = rows[k as keyof typeof rows];
        if (r) {
          showFieldError(r.control, r.error, m);
          first ??= r.control;
        }
      }
      setStatus(status, 'error', Object.values(errs).join(';'));
      first?.focus();
    };
    if (Object.keys(errors).length) return show(errors);
    void busy(submit, async () => {
      try {
        const r = await api<{ passwordSetAt: string }>('PUT', '/api/me/password', {
          currentPassword: inputs.currentPassword.value,
          newPassword: inputs.newPassword.value,
        });
        for (const i of Object.values(inputs)) i.value = '';
        setStatus(status, 'ok', '');
        firstNotice?.remove();
        done.replaceChildren(notice('ok', `密码已于 ${fmtTime(r.data.passwordSetAt)} 修改`, '本账号在其他浏览器或设备上的登录已失效。'));
        done.focus();
      } catch (err) {
        if (err instanceof ApiError && Object.keys(err.fields).length) show(err.fields);
        else setStatus(status, 'error', errorText(err));
      }
    });
  });
  return h('div', null, pageHeader('修改密码', h('span', null, `账号 ${ctx.me.account}`)), firstNotice, form);
}
