// The window-platform pages' pure parts: the filing form built from the platforms' catalog
// (plain sections, no service grid or patents total, the server's messages), the program
// descriptors, the divisions textarea, plan inputs, scopes and the bulletin's top-N.

import { describe, expect, it } from 'vitest';
import { PLATFORM_FIELDS, PLATFORM_SECTIONS } from '../../shared/platforms/catalog';
import { validateValues } from '../../shared/validation';
import { buildFormModel, type Catalog, describeChanges, sameRaw, toRaw, validateForm } from '../../web/src/form-model';
import { parseCounties, planFromInputs, planTotal, platformScopeChoices, platformScopeLabel, rate, topParam } from '../../web/src/platforms';
import { BASES, PLATFORMS } from '../../web/src/programs';

// The catalog as GET /api/catalog/{year}?program=platforms returns it.
const CATALOG: Catalog = { sections: PLATFORM_SECTIONS, fields: PLATFORM_FIELDS };

describe('the platform form from its catalog', () => {
  it('is one section of plain fields, in catalog order, without the bases’ grid or totals', () => {
    const m = buildFormModel('2020', CATALOG);
    expect(m.sections.map((s) => s.legend)).toEqual(['线上服务情况']);
    expect(m.sections[0]!.items.map((i) => (i.kind === 'field' ? [i.field.code, i.sub, i.id] : i.kind))).toEqual(
      CATALOG.fields.map((x) => [x.code, false, `f-${x.code}`]),
    );
    expect(m.totals).toEqual([]);
    expect(m.taxonomyVersion).toBeNull();
    expect(m.fields).toBe(CATALOG.fields);
  });

  it('validates integers with the server’s messages and requires every field on submit', () => {
    const raw = { policyItems: '12', newEnterprises: '1.5', newAgencies: '-3', serviceProjects: 'abc' };
    const errors = validateForm(CATALOG.fields, raw, 'draft');
    expect(errors).toEqual({
      newEnterprises: '新增注册企业:应为整数(单位:家)',
      newAgencies: '新增服务机构:不能为负数',
      serviceProjects: '发布服务项目:请填写数字(单位:个)',
    });
    const server = validateValues(CATALOG.fields, raw, 'draft');
    expect(server.ok ? {} : server.errors).toEqual(errors);
    const missing = validateForm(CATALOG.fields, { policyItems: '12' }, 'submitted');
    expect(Object.keys(missing)).toHaveLength(7);
    expect(missing.onlineDeals).toBe('线上达成服务交易:必填');
    // A bases field is unknown to this catalog.
    expect(validateForm(CATALOG.fields, { buildingArea: '1' }, 'draft')).toEqual({ buildingArea: '未知字段「buildingArea」' });
    const full = Object.fromEntries(CATALOG.fields.map((x, i) => [x.code, String(100 * (i + 1))]));
    expect(validateForm(CATALOG.fields, full, 'submitted')).toEqual({});
  });

  it('shows stored values, detects changes and describes history against the field list', () => {
    const raw = toRaw(CATALOG.fields, { policyItems: 120, onlineDeals: 0 });
    expect(raw).toEqual({ policyItems: '120', onlineDeals: '0' });
    expect(sameRaw(CATALOG.fields, raw, { ...raw, policyItems: '１２０' })).toBe(true);
    expect(sameRaw(CATALOG.fields, raw, { ...raw, newAgencies: '1' })).toBe(false);
    expect(describeChanges(CATALOG.fields, { policyItems: [100, 120], onlineDeals: [null, 5] })).toEqual([
      '发布政策信息:100 → 120 条',
      '线上达成服务交易:(空) → 5 次',
    ]);
  });
});

describe('program descriptors', () => {
  it('bases file quarters, platforms years; draft keys never collide', () => {
    expect([BASES.periodCheck('2020Q3'), BASES.periodCheck('2020')]).toEqual([true, false]);
    expect([PLATFORMS.periodCheck('2020'), PLATFORMS.periodCheck('2020Q3')]).toEqual([true, false]);
    expect(BASES.formTitle('2020Q3')).toBe('2020年三季度运营情况填报');
    expect(PLATFORMS.formTitle('2020')).toBe('2020年窗口平台线上服务情况填报');
    expect(BASES.draftKey('zz-01')).not.toBe(PLATFORMS.draftKey('zz-01'));
    expect(PLATFORMS.entityHash('zz-lusong')).toBe('#/platforms/zz-lusong');
    expect(PLATFORMS.query).toBe('?program=platforms');
  });
});

describe('platform page helpers', () => {
  it('reads the divisions textarea one unit per line', () => {
    expect(parseCounties(' 芙蓉区\r\n天心区\n\n\u3000岳麓区\u3000\n')).toEqual({ counties: ['芙蓉区', '天心区', '岳麓区'], error: null });
    expect(parseCounties('芙蓉区\n芙蓉区').error).toBe('「芙蓉区」重复');
    expect(parseCounties(' \n').error).toBe('请至少填写一个县市区');
    expect(parseCounties(Array.from({ length: 61 }, (_, i) => `县${i}`).join('\n')).error).toBe('最多60个县市区');
  });

  it('turns plan inputs into the PUT body, blank as 0, errors per city', () => {
    const r = planFromInputs({ 长沙市: '3', 株洲市: ' 2 ', 湘潭市: '' });
    expect(r.errors).toEqual({});
    expect(Object.keys(r.cities)).toHaveLength(14);
    expect([r.cities['长沙市'], r.cities['株洲市'], r.cities['湘潭市']]).toEqual([3, 2, 0]);
    expect(planTotal(r.cities)).toBe(5);
    expect(planFromInputs({ 长沙市: '1.5', 株洲市: '-1', 湘潭市: '1001' }).errors).toEqual({
      长沙市: '长沙市:应为0-1000的整数(家)',
      株洲市: '株洲市:应为0-1000的整数(家)',
      湘潭市: '湘潭市:应为0-1000的整数(家)',
    });
  });

  it('offers the admin every scope and a city only its own', () => {
    const all = platformScopeChoices({ role: 'admin' });
    expect(all).toHaveLength(1 + 14 + 3);
    expect(all.slice(-3).map((s) => s.value)).toEqual(['tier:city', 'tier:cluster', 'tier:county']);
    expect(platformScopeChoices({ role: 'city', city: '株洲市' })).toEqual([{ value: 'city:株洲市', label: '株洲市' }]);
    expect([platformScopeLabel('all'), platformScopeLabel('city:株洲市'), platformScopeLabel('tier:cluster')]).toEqual(['全省', '株洲市', '产业集群窗口平台']);
  });

  it('checks the bulletin’s top per tier and rates without dividing by zero', () => {
    expect(topParam(['3', '2', '5'])).toEqual({ value: '3,2,5', error: null });
    expect(topParam(['3', '0', '5']).error).toBe('产业集群窗口平台排名显示前几名:应为1-50的整数');
    expect(topParam(['3', '2', '51']).error).toMatch(/^县市区综合窗口平台/);
    expect([rate(1, 4), rate(0, 0)]).toEqual([0.25, null]);
  });
});
