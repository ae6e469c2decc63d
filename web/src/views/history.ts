/// <reference lib="dom" />
// Version history of a filing: every write, who, when, what changed, the review comments.

import type { Field } from '../../../shared/catalog';
import type { FilingVersion } from '../../../shared/filing';
import { STATUS_LABELS } from '../../../shared/filing';
import { api } from '../api';
import { h, table } from '../dom';
import { describeChanges } from '../form-model';
import { ROLE_LABELS } from '../format';
import { errorText, notice, when } from '../ui';

/** A carrier filing's other parts (its `detailChanges`). */
const DETAIL_LABELS: Record<string, string> = {
  funds: '到位资金与拨付资金',
  investment: '完成投资',
  progress: '项目进度',
  problems: '存在问题',
  nextSteps: '下一步工作',
  suggestions: '意见建议',
  experience: '主要经验做法',
};

const ACTIONS: Record<FilingVersion['action'], string> = {
  save: '暂存草稿',
  submit: '提交',
  pass: '初审通过',
  accept: '确认',
  return: '退回',
  reopen: '重新打开',
};

/** `opts`: another program's entity path and field list (default: a base's quarter). */
export function historySection(baseId: string, period: string, opts: { entityPath?: string; fields?: readonly Field[] } = {}): HTMLElement {
  const body = h('div', null, h('p', { class: 'muted' }, '正在加载历史版本…'));
  const section = h('section', { class: 'card history', 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, '历史版本'), body);
  void (async () => {
    try {
      const { versions } = (
        await api<{ versions: FilingVersion[] }>('GET', `/api/${opts.entityPath ?? 'bases'}/${encodeURIComponent(baseId)}/filings/${period}/history`)
      ).data;
      if (!versions.length) {
        body.replaceChildren(h('p', { class: 'muted' }, '暂无历史版本。'));
        return;
      }
      const rows = [...versions]
        .sort((a, b) => b.version - a.version)
        .map((v) => {
          const changes = describeChanges(opts.fields ?? period, v.changes);
          return [
            `第${v.version}版`,
            when(v.at),
            h('span', null, v.by.name, h('span', { class: 'muted' }, `(${ROLE_LABELS[v.by.role]})`)),
            ACTIONS[v.action] ?? v.action,
            STATUS_LABELS[v.status],
            changes.length || v.detailChanges?.length
              ? h(
                  'details',
                  null,
                  h('summary', null, `${changes.length + (v.detailChanges?.length ?? 0)}项`),
                  h(
                    'ul',
                    { class: 'changes' },
                    changes.map((c) => h('li', null, c)),
                    (v.detailChanges ?? []).map((k) => h('li', null, `${DETAIL_LABELS[k] ?? k}:已修改`)),
                  ),
                )
              : '—',
            v.comment ?? '—',
          ];
        });
      body.replaceChildren(table('各版本记录(新版本在前)', ['版本', '时间', '操作人', '操作', '状态', '修改内容', '审核意见'], rows));
    } catch (e) {
      body.replaceChildren(notice('error', '历史版本加载失败', h('p', null, errorText(e))));
    }
  })();
  return section;
}
