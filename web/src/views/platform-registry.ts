/// <reference lib="dom" />
// The window-platform registry pages (SPEC §9): 平台名录 (admin all, city its own city; the admin
// adds and edits), 建设计划 (admin: per year, the county/park platforms each city must build) and
// 县市区名录 (admin: each city's county-level units, one per line; they decide 覆盖率).

import { isYear } from '../../../shared/periods';
import { platformInputSchema } from '../../../shared/platforms/registry';
import { ApiError, api } from '../api';
import { defaultEffectiveFrom, PLATFORM_SCOPED, parseEffectiveFrom, SCOPED_LABELS, scopedChanges } from '../designations';
import { field, h, options, showFieldError, table } from '../dom';
import { fmtTime } from '../format';
import { type ListHandle, listView } from '../list-view';
import { PLATFORM_ID, type PlatformView, parseCounties, planFromInputs, planTotal, TIER_LABELS, TIER_SHORT, TIERS, type Tier } from '../platforms';
import { province } from '../province';
import { busy, type Ctx, errorText, notice, pageHeader, setStatus, statusLine } from '../ui';
import { registryImportSection } from './registry-import';

async function loadDivisions(): Promise<Record<string, string[]>> {
  return (await api<{ divisions: Record<string, string[]> }>('GET', '/api/divisions')).data.divisions;
}

export async function platformRegistryView(ctx: Ctx) {
  const isAdmin = ctx.me.role === 'admin';
  const listEl = h('div', null);
  let platforms: PlatformView[] = [];
  const divisions = isAdmin ? await loadDivisions() : {};

  async function reload() {
    platforms = (await api<{ platforms: PlatformView[] }>('GET', '/api/platforms')).data.platforms;
    renderList();
  }

  let list: ListHandle<PlatformView> | null = null;
  function renderList() {
    const sorted = [...platforms].sort(
      (a, b) =>
        TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) ||
        province().cities.indexOf(a.city) - province().cities.indexOf(b.city) ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
    const caption = `已登记窗口平台(${sorted.length})`;
    if (list) return list.setRows(sorted, caption);
    if (!sorted.length) return listEl.replaceChildren(notice('info', '尚未登记窗口平台', null));
    list = listView<PlatformView>({
      caption,
      exportTitle: '窗口平台名录',
      rows: sorted,
      announce: (m) => ctx.announce(m),
      columns: [
        { label: '平台名称', text: (p) => p.name },
        { label: '编号', text: (p) => p.platformId },
        { label: '类型', text: (p) => TIER_LABELS[p.tier] ?? p.tier, filter: true },
        { label: '市州', text: (p) => p.city, filter: ctx.me.role !== 'city' },
        {
          label: '县市区 / 产业集群',
          text: (p) => (p.tier === 'county' ? `${p.county ?? '—'}${p.park ? '(工业园区)' : ''}` : p.tier === 'cluster' ? (p.cluster ?? '—') : '—'),
        },
        { label: '建成年份', text: (p) => `${p.builtYear}年`, sortValue: (p) => p.builtYear },
        { label: '计划内', text: (p) => (p.inPlan ? '是' : '否'), filter: true },
        { label: '填报起止', text: (p) => `${p.activeFrom ?? '不限'} – ${p.activeTo ?? '不限'}` },
        {
          label: '操作',
          action: true,
          text: () => '',
          cell: (p) =>
            h(
              'span',
              { class: 'link-list' },
              h('a', { href: `#/platforms/${encodeURIComponent(p.platformId)}` }, '填报情况'),
              isAdmin ? h('button', { type: 'button', class: 'link-button', onclick: () => edit(p), 'aria-label': `编辑 ${p.name}` }, '编辑') : null,
            ),
        },
      ],
    });
    listEl.replaceChildren(list.el);
  }

  // ---- add / edit form (admin) ------------------------------------------------------------
  const inputs = {
    platformId: h('input', { type: 'text', id: 'p-platformId', autocomplete: 'off', spellcheck: 'false', maxlength: '40' }),
    name: h('input', { type: 'text', id: 'p-name', autocomplete: 'off', maxlength: '100' }),
    tier: h('select', { id: 'p-tier' }),
    city: h('select', { id: 'p-city' }),
    county: h('select', { id: 'p-county' }),
    park: h('input', { type: 'checkbox', id: 'p-park' }),
    cluster: h('input', { type: 'text', id: 'p-cluster', autocomplete: 'off', maxlength: '50' }),
    builtYear: h('input', { type: 'text', id: 'p-builtYear', inputmode: 'numeric', autocomplete: 'off', maxlength: '4' }),
    inPlan: h('input', { type: 'checkbox', id: 'p-inPlan' }),
    activeFrom: h('input', { type: 'text', id: 'p-activeFrom', inputmode: 'numeric', autocomplete: 'off', placeholder: '如 2020', maxlength: '4' }),
    activeTo: h('input', { type: 'text', id: 'p-activeTo', inputmode: 'numeric', autocomplete: 'off', placeholder: '如 2025', maxlength: '4' }),
    effectiveFrom: h('input', {
      type: 'text',
      id: 'p-effectiveFrom',
      inputmode: 'numeric',
      autocomplete: 'off',
      placeholder: `如 ${defaultEffectiveFrom('year')}`,
      maxlength: '4',
    }),
  };
  inputs.tier.append(...options(TIERS.map((t) => ({ value: t, label: TIER_SHORT[t] }))));
  inputs.city.append(...options([{ value: '', label: '请选择' }, ...province().cities.map((c) => ({ value: c, label: c }))]));
  const checkRow = (label: string, control: HTMLInputElement, hint: string) => {
    const r = field(label, control, { hint });
    r.row.classList.add('checkbox-row');
    return r;
  };
  const rows = {
    platformId: field('平台编号', inputs.platformId, { hint: '3-40位小写字母、数字或连字符,登记后不能修改,如 zz-lusong', required: true }),
    name: field('平台名称', inputs.name, { required: true }),
    tier: field('平台类别', inputs.tier, { required: true }),
    city: field('所属市州', inputs.city, { required: true }),
    county: field('所属县市区', inputs.county, { hint: '平台服务的县市区(县市区名录中该市州的)', required: true }),
    park: checkRow('工业园区平台', inputs.park, '工业园区平台不计入县市区覆盖'),
    cluster: field('产业集群', inputs.cluster, { hint: '如 芦淞服饰', required: true }),
    builtYear: field('建成年份', inputs.builtYear, { hint: '如 2020', required: true }),
    inPlan: checkRow('计划内建设', inputs.inPlan, '按建成当年的建设计划建成'),
    activeFrom: field('起始年', inputs.activeFrom, { hint: '可不填:从该年起需要填报' }),
    activeTo: field('终止年', inputs.activeTo, { hint: '可不填:到该年止' }),
    // Shown only when an existing platform's city, tier, county, park or cluster changes (SPEC §11).
    effectiveFrom: field('生效年', inputs.effectiveFrom, { hint: '此前各期的统计口径不变' }),
  };
  const effectiveHint = rows.effectiveFrom.row.querySelector<HTMLElement>('.hint')!;
  /** The platform being edited (null: a new one). */
  let editing: PlatformView | null = null;
  /** The scope attributes as they would be saved (the fields of other tiers are not sent). */
  const typedScope = () => {
    const tier = inputs.tier.value as Tier;
    return {
      city: inputs.city.value,
      tier,
      county: tier === 'county' ? inputs.county.value || null : null,
      park: tier === 'county' && inputs.park.checked,
      cluster: tier === 'cluster' ? inputs.cluster.value.trim() || null : null,
    };
  };
  function syncEffective() {
    const changed = scopedChanges(editing as unknown as Record<string, unknown> | null, typedScope(), PLATFORM_SCOPED);
    const show = changed.length > 0;
    // Said once when it appears: a screen-reader user changing a select would not see it come.
    if (show && rows.effectiveFrom.row.hidden) ctx.announce('统计口径有变更,请确认生效年');
    if (show && rows.effectiveFrom.row.hidden) inputs.effectiveFrom.value = defaultEffectiveFrom('year');
    rows.effectiveFrom.row.hidden = !show;
    rows.effectiveFrom.row.classList.toggle('form-row-highlight', show);
    effectiveHint.textContent = show
      ? `变更${changed.map((a) => SCOPED_LABELS[a]).join('、')}自该年起生效,默认本年(${defaultEffectiveFrom('year')}年);此前各期的统计口径不变,已发布的通报数字不会改变。`
      : '此前各期的统计口径不变';
  }
  for (const el of [inputs.tier, inputs.city, inputs.county, inputs.park, inputs.cluster]) {
    el.addEventListener('input', syncEffective);
    el.addEventListener('change', syncEffective);
  }

  /** Only the fields of the chosen tier are shown; the county list follows the city. */
  function syncTier() {
    const tier = inputs.tier.value as Tier;
    rows.county.row.hidden = tier !== 'county';
    rows.park.row.hidden = tier !== 'county';
    rows.cluster.row.hidden = tier !== 'cluster';
  }
  function syncCounties(selected?: string | null) {
    const units = divisions[inputs.city.value] ?? [];
    const choices = [{ value: '', label: inputs.city.value ? '请选择' : '请先选择市州' }, ...units.map((u) => ({ value: u, label: u }))];
    // A unit since removed from the divisions stays selectable on an old record.
    if (selected && !units.includes(selected)) choices.push({ value: selected, label: `${selected}(不在名录中)` });
    inputs.county.replaceChildren(...options(choices, selected ?? ''));
  }
  inputs.tier.addEventListener('change', syncTier);
  inputs.city.addEventListener('change', () => syncCounties());
  syncTier();
  syncCounties();
  syncEffective();

  const formTitle = h('h2', { id: 'platform-form-title' }, '新增窗口平台');
  const formStatus = statusLine();
  const saveBtn = h('button', { type: 'submit', class: 'button button-primary' }, '保存');
  const resetBtn = h('button', { type: 'button', class: 'button button-quiet' }, '清空(新增)');
  const form = h(
    'form',
    { class: 'card platform-form', novalidate: true, 'aria-labelledby': 'platform-form-title' },
    formTitle,
    h(
      'div',
      { class: 'form-grid' },
      Object.values(rows).map((r) => r.row),
    ),
    h('div', { class: 'actions' }, saveBtn, resetBtn),
    formStatus,
  );
  const clearErrors = () => Object.values(rows).forEach((r) => showFieldError(r.control, r.error, undefined));

  function edit(p: PlatformView) {
    editing = p;
    formTitle.textContent = `编辑窗口平台:${p.name}`;
    inputs.platformId.value = p.platformId;
    inputs.platformId.readOnly = true;
    inputs.name.value = p.name;
    inputs.tier.value = p.tier;
    inputs.city.value = p.city;
    syncCounties(p.county);
    inputs.park.checked = p.park;
    inputs.cluster.value = p.cluster ?? '';
    inputs.builtYear.value = String(p.builtYear);
    inputs.inPlan.checked = p.inPlan;
    inputs.activeFrom.value = p.activeFrom ?? '';
    inputs.activeTo.value = p.activeTo ?? '';
    syncTier();
    inputs.effectiveFrom.value = '';
    rows.effectiveFrom.row.hidden = true;
    syncEffective();
    clearErrors();
    setStatus(formStatus, 'info', '');
    form.scrollIntoView({ block: 'start' });
    inputs.name.focus();
  }
  resetBtn.addEventListener('click', () => {
    form.reset();
    editing = null;
    inputs.platformId.readOnly = false;
    formTitle.textContent = '新增窗口平台';
    syncTier();
    syncCounties();
    syncEffective();
    clearErrors();
    inputs.platformId.focus();
  });

  function showErrors(errors: Record<string, string>) {
    let first: HTMLElement | null = null;
    for (const [k, msg] of Object.entries(errors)) {
      const r = rows[k as keyof typeof rows];
      if (!r) continue;
      showFieldError(r.control, r.error, msg);
      first ??= r.control;
    }
    setStatus(formStatus, 'error', `请修改 ${Object.keys(errors).length} 处错误:${Object.values(errors).join(';')}`);
    first?.focus();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearErrors();
    const platformId = inputs.platformId.value.trim();
    const tier = inputs.tier.value as Tier;
    const year = (v: string) => v.trim() || null;
    const input = {
      name: inputs.name.value.trim(),
      tier,
      city: inputs.city.value,
      county: tier === 'county' ? inputs.county.value || null : null,
      park: tier === 'county' && inputs.park.checked,
      cluster: tier === 'cluster' ? inputs.cluster.value.trim() || null : null,
      builtYear: Number(inputs.builtYear.value.trim()),
      inPlan: inputs.inPlan.checked,
      activeFrom: year(inputs.activeFrom.value),
      activeTo: year(inputs.activeTo.value),
    };
    // The quick checks here; the server's schema (with its Chinese messages) decides the rest.
    const errors: Record<string, string> = {};
    if (!PLATFORM_ID.test(platformId)) errors.platformId = '平台编号应为3-40位小写字母、数字或连字符';
    if (!input.name) errors.name = '平台名称:必填';
    if (!input.city) errors.city = '所属市州:请选择';
    if (tier === 'county' && !input.county) errors.county = '所属县市区:请选择';
    if (tier === 'cluster' && !input.cluster) errors.cluster = '产业集群:必填';
    if (!isYear(inputs.builtYear.value.trim())) errors.builtYear = '建成年份应如 2020';
    for (const k of ['activeFrom', 'activeTo'] as const)
      if (input[k] !== null && !isYear(input[k]!)) errors[k] = `${rows[k].row.querySelector('label')!.textContent}应如 2020`;
    // A move of the platform being edited carries its 生效年 (default: this year).
    const moving = editing && editing.platformId === platformId && !rows.effectiveFrom.row.hidden;
    let effectiveFrom: string | null = null;
    if (moving) {
      const ef = parseEffectiveFrom(inputs.effectiveFrom.value, 'year');
      if (ef.error) errors.effectiveFrom = ef.error;
      else effectiveFrom = ef.value;
    }
    const body = effectiveFrom ? { ...input, effectiveFrom } : input;
    const parsed = platformInputSchema.safeParse(body);
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0] ?? 'name')] ??= i.message;
    if (Object.keys(errors).length) return showErrors(errors);
    void busy(saveBtn, async () => {
      try {
        const r = await api<PlatformView>('PUT', `/api/platforms/${encodeURIComponent(platformId)}`, body);
        setStatus(
          formStatus,
          'ok',
          r.status === 201
            ? `已新增窗口平台「${r.data.name}」`
            : effectiveFrom
              ? `已保存窗口平台「${r.data.name}」,变更自${effectiveFrom}年起生效`
              : `已保存窗口平台「${r.data.name}」`,
        );
        await reload();
        if (r.status !== 201) {
          editing = platforms.find((x) => x.platformId === platformId) ?? r.data;
          syncEffective();
        }
      } catch (err) {
        if (err instanceof ApiError && Object.keys(err.fields).length) showErrors(err.fields);
        else setStatus(formStatus, 'error', errorText(err));
      }
    });
  });

  await reload();
  return h(
    'div',
    null,
    pageHeader('平台名录', h('span', null, ctx.me.role === 'city' ? `${ctx.me.city}的中小企业公共服务窗口平台` : '全省中小企业公共服务窗口平台登记信息')),
    isAdmin ? form : null,
    isAdmin ? registryImportSection(ctx, 'platforms', reload) : null,
    h('section', { class: 'card', 'aria-label': '窗口平台列表' }, listEl),
  );
}

// ---- 建设计划 ------------------------------------------------------------------------------------

export async function platformPlansView(ctx: Ctx) {
  const yearId = 'plan-year';
  const yearInput = h('input', {
    type: 'text',
    id: yearId,
    inputmode: 'numeric',
    maxlength: '4',
    value: ctx.query.get('year') ?? String(new Date().getFullYear() - 1),
  });
  const loadBtn = h('button', { type: 'button', class: 'button button-secondary' }, '读取');
  const body = h('div', null);
  const status = statusLine();

  async function show() {
    const year = yearInput.value.trim();
    if (!isYear(year)) return setStatus(status, 'error', '年度应如 2020');
    ctx.setQuery({ year });
    setStatus(status, 'info', '');
    let cities: Record<string, number> = {};
    let existing: { updatedAt?: string } | null = null;
    try {
      const r = await api<{ year: string; cities: Record<string, number>; updatedAt?: string }>('GET', `/api/platform-plans/${year}`);
      cities = r.data.cities;
      existing = r.data;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
    if (!ctx.alive()) return;
    const inputs = new Map<string, HTMLInputElement>();
    const errs = new Map<string, HTMLElement>();
    const totalOut = h('output', { class: 'num', id: 'plan-total' });
    const paintTotal = () => {
      const typed = Object.fromEntries([...inputs].map(([c, i]) => [c, i.value]));
      const r = planFromInputs(typed);
      totalOut.textContent = Object.keys(r.errors).length ? '—' : String(planTotal(r.cities));
    };
    const rows = province().cities.map((city) => {
      const id = `plan-${province().cities.indexOf(city)}`;
      const input = h('input', {
        type: 'text',
        id,
        inputmode: 'numeric',
        class: 'plan-input',
        autocomplete: 'off',
        value: String(cities[city] ?? ''),
        'aria-describedby': `${id}-err`,
      });
      input.addEventListener('input', paintTotal);
      const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
      inputs.set(city, input);
      errs.set(city, err);
      return [h('label', { for: id }, city), h('span', null, input, err)];
    });
    const saveBtn = h('button', { type: 'submit', class: 'button button-primary' }, '保存建设计划');
    const form = h(
      'form',
      { class: 'card', novalidate: true, 'aria-labelledby': 'plan-form-title' },
      h('h2', { id: 'plan-form-title' }, `${year}年建设计划`),
      existing
        ? h('p', { class: 'muted' }, `已保存${existing.updatedAt ? `(${fmtTime(existing.updatedAt)})` : ''},可修改后重新保存。`)
        : notice('info', `尚未设置${year}年建设计划`, h('p', null, '填写各市州当年应建成的县市区、工业园区窗口平台数量后保存。')),
      table(`${year}年各市州计划建设县市区、工业园区窗口平台数(家)`, ['市州', '计划建设(家)'], rows, { footer: [['全省合计', totalOut]] }),
      h('div', { class: 'actions' }, saveBtn),
    );
    paintTotal();
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const typed = Object.fromEntries([...inputs].map(([c, i]) => [c, i.value]));
      const r = planFromInputs(typed);
      for (const [c, el] of errs) showFieldError(inputs.get(c)!, el, r.errors[c]);
      if (Object.keys(r.errors).length) {
        setStatus(status, 'error', Object.values(r.errors).join(';'));
        inputs.get(Object.keys(r.errors)[0]!)?.focus();
        return;
      }
      void busy(saveBtn, async () => {
        try {
          await api('PUT', `/api/platform-plans/${year}`, { cities: r.cities });
          setStatus(status, 'ok', `已保存${year}年建设计划(全省计划建设${planTotal(r.cities)}家)`);
        } catch (err) {
          setStatus(status, 'error', err instanceof ApiError && Object.keys(err.fields).length ? Object.values(err.fields).join(';') : errorText(err));
        }
      });
    });
    body.replaceChildren(form);
  }
  loadBtn.addEventListener('click', () => void busy(loadBtn, () => show().catch((e) => setStatus(status, 'error', errorText(e)))));
  yearInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.isComposing) {
      e.preventDefault();
      loadBtn.click();
    }
  });
  await show();
  return h(
    'div',
    null,
    pageHeader('建设计划', h('span', null, '各市州每年计划建设的县市区、工业园区窗口平台数量')),
    h('div', { class: 'filters' }, h('div', { class: 'form-row inline' }, h('label', { for: yearId }, '年度'), yearInput, loadBtn)),
    status,
    body,
  );
}

// ---- 县市区名录 ------------------------------------------------------------------------------------

export async function divisionsView(_ctx: Ctx) {
  const divisions = await loadDivisions();
  const cards = province().cities.map((city, i) => {
    const id = `div-${i}`;
    const area = h('textarea', { id, rows: '10', spellcheck: 'false', 'aria-describedby': `div-hint ${id}-status` });
    area.value = (divisions[city] ?? []).join('\n');
    const count = h('span', { class: 'muted' }, `${divisions[city]?.length ?? 0}个`);
    const status = h('p', { class: 'status-line', id: `${id}-status`, role: 'status', 'aria-live': 'polite' });
    const btn = h('button', { type: 'button', class: 'button button-secondary button-small', 'aria-label': `保存${city}县市区名录` }, '保存');
    btn.addEventListener(
      'click',
      () =>
        void busy(btn, async () => {
          const parsed = parseCounties(area.value);
          if (parsed.error) {
            setStatus(status, 'error', `${city}:${parsed.error}`);
            area.focus();
            return;
          }
          try {
            await api('PUT', `/api/divisions/${encodeURIComponent(city)}`, { counties: parsed.counties });
            area.value = parsed.counties.join('\n');
            count.textContent = `${parsed.counties.length}个`;
            setStatus(status, 'ok', `已保存${city}的${parsed.counties.length}个县市区`);
          } catch (err) {
            setStatus(status, 'error', err instanceof ApiError && Object.keys(err.fields).length ? Object.values(err.fields).join(';') : errorText(err));
          }
        }),
    );
    return h(
      'section',
      { class: 'card', 'aria-labelledby': `${id}-title` },
      h('h2', { id: `${id}-title` }, city, ' ', count),
      h('div', { class: 'form-row' }, h('label', { for: id }, `${city}县市区(每行一个)`), area),
      h('div', { class: 'actions' }, btn),
      status,
    );
  });
  return h(
    'div',
    null,
    pageHeader('县市区名录', h('span', null, '各市州的县级行政区划(覆盖率按此计算)')),
    h('p', { class: 'hint', id: 'div-hint' }, '每行填写一个县市区名称,保存后替换该市州的名录。未保存过的市州使用系统内置的名录。'),
    h('div', { class: 'divisions-grid' }, cards),
  );
}
