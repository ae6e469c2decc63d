/// <reference lib="dom" />
// 接口说明: the HTTP API as the OpenAPI document describes it (GET /api/openapi.json) — every
// operation with who may call it, its parameters, its request body's fields and its answers,
// and the table of error codes. Built from the same JSON the tools read (Swagger UI is not
// available offline here).

import { api } from '../api';
import { apiDocModel, type DocField, type DocOperation } from '../api-docs-model';
import { h } from '../dom';
import { pageHeader } from '../ui';

const fieldTable = (caption: string, fields: DocField[]) =>
  h(
    'table',
    { class: 'table api-fields' },
    h('caption', null, caption),
    h(
      'thead',
      null,
      h('tr', null, h('th', { scope: 'col' }, '名称'), h('th', { scope: 'col' }, '类型'), h('th', { scope: 'col' }, '必填'), h('th', { scope: 'col' }, '说明')),
    ),
    h(
      'tbody',
      null,
      fields.map((f) =>
        h('tr', null, h('td', null, h('code', null, f.name)), h('td', null, f.type), h('td', null, f.required ? '是' : ''), h('td', null, f.text)),
      ),
    ),
  );

function operationView(o: DocOperation): HTMLElement {
  return h(
    'details',
    { class: 'api-op' },
    h(
      'summary',
      null,
      h('span', { class: `api-method api-method-${o.method.toLowerCase()}` }, o.method),
      ' ',
      h('code', null, o.path),
      ' ',
      h('span', null, o.summary),
    ),
    h('p', null, `调用者:${o.who}`),
    o.params.length ? fieldTable('参数', o.params) : null,
    o.body
      ? h(
          'div',
          null,
          h('p', null, h('strong', null, `请求体 ${o.body.name}`), `:${o.body.description}`),
          o.body.fields.length ? fieldTable(`${o.body.name} 字段`, o.body.fields) : null,
        )
      : null,
    h(
      'ul',
      { class: 'api-responses' },
      o.responses.map((r) => h('li', null, h('code', null, r.status), ` ${r.text}`)),
    ),
  );
}

export async function apiDocsView(): Promise<HTMLElement> {
  const doc = (await api<Record<string, unknown>>('GET', '/api/openapi.json')).data;
  const m = apiDocModel(doc);
  return h(
    'div',
    { class: 'api-docs' },
    pageHeader('接口说明', `${m.title} ${m.version} · OpenAPI 3.1:`, h('a', { href: '/api/openapi.json' }, '/api/openapi.json')),
    h('p', null, m.description),
    m.groups.map((g) => h('section', null, h('h2', null, g.name), h('p', null, g.description), g.operations.map(operationView))),
    h(
      'section',
      null,
      h('h2', null, '错误代码'),
      h('p', null, '每个错误响应为 {"error": {"code", "message", "fields"?}};每个响应都带 x-request-id,反馈问题时请提供该编号。'),
      h(
        'table',
        { class: 'table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, '代码'), h('th', { scope: 'col' }, 'HTTP 状态'), h('th', { scope: 'col' }, '何时出现'))),
        h(
          'tbody',
          null,
          m.errors.map((e) => h('tr', null, h('td', null, h('code', null, e.code)), h('td', null, e.status), h('td', null, e.when))),
        ),
      ),
    ),
  );
}
