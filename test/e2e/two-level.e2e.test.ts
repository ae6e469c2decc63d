// Two-level review in the web pages (issue 19), in Chromium against its own `npm start` with
// TWO_LEVEL_REVIEW=bases,platforms,carriers: a base files its quarter (copying last quarter's stocks, the
// previous quarter and last year beside each field), confirms a warning with a 情况说明; its city
// pre-checks (初审) and returns it with a comment; the base corrects and resubmits; the city
// passes it (at phone width); the province accepts it. Then the same for a window platform's
// year through the program-generic pages (平台初审, 平台审核): the city returns it, the platform
// explains and corrects it on a phone, the city passes it on a phone, the province accepts it.
// The carriers' 载体初审 is the same view (its queue, empty here, is checked to be there).
// Each step is in the history and the audit. Screenshots at 1280×800 and 390×844 go to
// test/e2e/screenshots/ (git-ignored); on the phone nothing scrolls sideways.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsForPeriod } from '../../shared/catalog';
import { inputId } from '../../web/src/form-model';
import { cardsFit, fitsPhone, flash, go, PHONE, patientPolls, shot, signIn as signInAt, startWebE2e, type WebE2e } from '../helpers/browser';
import { fullValues, FORM_QUARTER as Q3 } from '../helpers/values';

const ADMIN = 'e2e-two-level-admin-token-abcdefghijk';

// The previous quarter: trademarks 10 → 120 is a >10× move (a warning); employees 5000 → 5600 is +12.0%.
const Q2 = { ...Q3, trademarks: '10', employees: '5000' };
// A window platform's year (SPEC §9: counts).
const PLATFORM_2020: Record<string, string> = {
  policyItems: '120',
  newEnterprises: '35',
  newAgencies: '6',
  serviceProjects: '48',
  serviceActivities: '22',
  enterprisesServed: '1500',
  demandsPublished: '60',
  onlineDeals: '41',
};
// The same quarter last year (2019's service taxonomy differs).
const Q3_2019 = fullValues('2019Q3', { employees: '4000', trademarks: '100' });

patientPolls();
let e2e: WebE2e;
let url = '';
let baseToken = '';
let cityToken = '';

const api = (method: string, path: string, body?: unknown, token = ADMIN) => e2e.api(method, path, body, token);
const newPage: WebE2e['newPage'] = (viewport) => e2e.newPage(viewport);
const signIn = (page: Page, token: string) => signInAt(page, url, token);
const PATH = '/api/bases/cs-01/filings/2020Q3';

beforeAll(async () => {
  e2e = await startWebE2e(ADMIN, 'tongbao-two-level-e2e-', { TWO_LEVEL_REVIEW: 'bases,platforms,carriers' });
  url = e2e.url;
  expect((await api('PUT', '/api/bases/cs-01', { name: '长沙科技新城', city: '长沙市', county: '岳麓区', level: 'provincial' })).status).toBe(201);
  expect(
    (
      await api('PUT', '/api/periods/2020Q3', {
        opensAt: '2020-09-20T00:00:00+08:00',
        dueAt: '2099-10-10T00:00:00+08:00',
        closesAt: '2099-10-31T00:00:00+08:00',
      })
    ).status,
  ).toBe(200);
  // Last year's Q3 and this year's Q2, filed (by the province) and accepted through two levels.
  const holder = { name: '张三', phone: '13800000000' };
  baseToken = (await api('POST', '/api/tokens', { role: 'base', baseId: 'cs-01', holder })).body.token;
  cityToken = (await api('POST', '/api/tokens', { role: 'city', city: '长沙市', holder })).body.token;
  for (const [period, values] of [
    ['2019Q3', Q3_2019],
    ['2020Q2', Q2],
  ] as const) {
    const r = await api('PUT', `/api/bases/cs-01/filings/${period}`, {
      status: 'submitted',
      values,
      confirmWarnings: true,
      explanation: '历史数据,按原报表录入',
    });
    expect(r.status, r.text).toBe(201);
  }
}, 150_000);

afterAll(async () => {
  await e2e?.dispose();
}, 60_000);

describe('two-level review in the web pages (TWO_LEVEL_REVIEW=bases,platforms,carriers)', () => {
  it('a city returns a filing, the base explains and corrects it, the city passes it, the province accepts it', async () => {
    // ---- the base files: stocks copied from last quarter, flows typed, a warning confirmed with a 情况说明
    const basePage = await newPage();
    await signIn(basePage, baseToken);
    await go(basePage, '#/filing/cs-01/2020Q3', '2020年三季度运营情况填报');
    // The previous quarter and last year beside each field, with the change in %.
    await basePage.locator('#f-employees').fill(Q3.employees!);
    await expect.poll(() => basePage.locator('#f-employees-ctx').textContent()).toBe('上季度 5,000(+12.0%) · 去年同期 4,000(+40.0%)');
    await basePage.getByRole('button', { name: '复制上季度存量指标' }).click();
    const stocks = fieldsForPeriod('2020Q3').filter((f) => f.type === 'stock');
    expect(stocks.length).toBeGreaterThan(3);
    for (const f of stocks) expect(Number(await basePage.locator(`#${inputId(f.code)}`).inputValue()), f.code).toBe(Number(Q2[f.code as keyof typeof Q2]));
    // This quarter's own numbers (the flows, and the stocks that moved: trademarks, employees).
    for (const f of fieldsForPeriod('2020Q3').filter((x) => Q3[x.code] !== undefined)) await basePage.locator(`#${inputId(f.code)}`).fill(Q3[f.code]!);
    expect(await basePage.locator('#f-trademarks-ctx').textContent()).toBe('上季度 10(+1100.0%) · 去年同期 100(+20.0%)');
    await basePage.getByRole('button', { name: '提交', exact: true }).click();
    await expect.poll(() => basePage.locator('.warnings-panel').first().textContent()).toMatch(/拥有商标/);
    // Confirming without a 情况说明 is refused in place.
    await basePage.getByRole('button', { name: '数据无误,确认提交' }).click();
    await expect.poll(() => basePage.locator('.warnings-panel .field-error').textContent()).toBe('确认异常数据时请填写情况说明');
    await basePage.getByLabel('情况说明(必填,审核人员可见)').fill('本季度新注册商标集中获批');
    await shot(basePage, 'two-level-filing-explanation-desktop');
    await basePage.getByRole('button', { name: '数据无误,确认提交' }).click();
    await expect.poll(() => flash(basePage).textContent()).toMatch(/已提交\(第1版\)/);
    expect((await api('GET', PATH)).body).toMatchObject({ status: 'submitted', explanation: '本季度新注册商标集中获批' });

    // ---- the province sees it waiting for the city
    const admin = await newPage();
    await signIn(admin, ADMIN);
    await go(admin, '#/review?period=2020Q3', '审核');
    await expect.poll(() => admin.locator('main').textContent()).toMatch(/另有 1 份已提交的报表等待市州初审/);

    // ---- the city pre-checks and returns it with a comment
    const city = await newPage();
    await signIn(city, cityToken);
    expect(await city.locator('nav a[href="#/precheck"]').count()).toBeGreaterThan(0);
    await go(city, '#/precheck?period=2020Q3', '初审');
    const row = city.getByRole('row', { name: /长沙科技新城/ });
    await expect.poll(() => row.textContent()).toMatch(/已提交/);
    await shot(city, 'two-level-precheck-queue-desktop');
    await row.getByRole('link', { name: '初审' }).click();
    await city.getByRole('heading', { level: 1, name: /长沙科技新城 · 2020年三季度/ }).waitFor();
    await expect.poll(() => city.locator('.explanation').first().textContent()).toMatch(/本季度新注册商标集中获批/);
    await expect.poll(() => city.locator('table.context').textContent()).toMatch(/\+12\.0%/);
    await city.getByLabel(/修改意见/).fill('从业人员请按社保缴纳人数核实');
    await shot(city, 'two-level-precheck-filing-desktop');
    await city.getByRole('button', { name: '退回修改' }).click();
    await expect.poll(() => flash(city).textContent()).toMatch(/已退回/);
    expect((await api('GET', PATH)).body).toMatchObject({ status: 'returned', reviewComment: '从业人员请按社保缴纳人数核实' });

    // ---- the base reads the comment, corrects and resubmits (its 情况说明 kept)
    await go(basePage, '#/filing/cs-01/2020Q3', '2020年三季度运营情况填报');
    await expect.poll(() => basePage.locator('main').textContent()).toMatch(/市州管理员退回了本期报表/);
    await expect.poll(() => basePage.locator('.review-comment').first().textContent()).toMatch(/从业人员请按社保缴纳人数核实/);
    await basePage.locator('#f-employees').fill('5500');
    await basePage.getByRole('button', { name: '重新提交' }).click();
    await expect.poll(() => basePage.getByLabel('情况说明(必填,审核人员可见)').inputValue()).toBe('本季度新注册商标集中获批');
    await basePage.getByLabel('情况说明(必填,审核人员可见)').fill('本季度新注册商标集中获批;从业人员已按社保缴纳人数核实');
    await basePage.getByRole('button', { name: '数据无误,确认提交' }).click();
    await expect.poll(() => flash(basePage).textContent()).toMatch(/已提交\(第3版\)/);

    // ---- the city passes it, at phone width
    const cityPhone = await newPage(PHONE);
    await signIn(cityPhone, cityToken);
    await go(cityPhone, '#/view/cs-01/2020Q3', /长沙科技新城 · 2020年三季度/);
    await fitsPhone(cityPhone);
    await shot(cityPhone, 'two-level-precheck-filing-phone');
    await cityPhone.getByRole('button', { name: '初审通过' }).click();
    await expect.poll(() => flash(cityPhone).textContent()).toMatch(/初审通过/);
    await go(cityPhone, '#/precheck?period=2020Q3&status=checked', '初审');
    await fitsPhone(cityPhone);
    await cardsFit(cityPhone);
    await shot(cityPhone, 'two-level-precheck-queue-phone');

    // ---- the province accepts what the city passed
    await go(admin, '#/review?period=2020Q3', '审核');
    const adminRow = admin.getByRole('row', { name: /长沙科技新城/ });
    await expect.poll(() => adminRow.textContent()).toMatch(/初审通过/);
    await shot(admin, 'two-level-review-queue-desktop');
    await adminRow.getByRole('link', { name: '审核' }).click();
    await admin.getByRole('heading', { level: 1, name: /长沙科技新城 · 2020年三季度/ }).waitFor();
    await admin.getByRole('button', { name: '确认通过' }).click();
    await expect.poll(() => flash(admin).textContent()).toMatch(/已确认/);
    expect((await api('GET', PATH)).body.status).toBe('accepted');

    // ---- every step in the history and the audit
    await expect.poll(async () => (await api('GET', `${PATH}/history`)).body.versions.length, { timeout: 30_000 }).toBe(5);
    const versions = (await api('GET', `${PATH}/history`)).body.versions as Array<{
      action: string;
      by: { role: string };
      comment: string | null;
      explanation?: string;
    }>;
    expect(versions.map((v) => [v.action, v.by.role])).toEqual([
      ['submit', 'base'],
      ['return', 'city'],
      ['submit', 'base'],
      ['pass', 'city'],
      ['accept', 'admin'],
    ]);
    expect(versions[0]!.explanation).toBe('本季度新注册商标集中获批');
    expect(versions[1]!.comment).toBe('从业人员请按社保缴纳人数核实');
    // The history shows the newest version from the filing itself at once; its audit entry is
    // written by the stream's history writer a moment later.
    const auditOf = async () => (await api('GET', '/api/audit?baseId=cs-01&period=2020Q3')).body.entries as Array<{ action: string; actor: { role: string } }>;
    await expect.poll(async () => (await auditOf()).length, { timeout: 30_000 }).toBe(3);
    const audit = await auditOf();
    expect(audit.map((a) => [a.action, a.actor.role]).reverse()).toEqual([
      ['filing.return', 'city'],
      ['filing.pass', 'city'],
      ['filing.accept', 'admin'],
    ]);
    await admin.reload();
    await admin.locator('main:not([aria-busy])').waitFor();
    const history = admin.getByRole('region', { name: '各版本记录(新版本在前)' });
    await expect.poll(() => history.textContent(), { timeout: 30_000 }).toMatch(/初审通过/);
    expect(await history.textContent()).toMatch(/退回/);
    await shot(admin, 'two-level-accepted-desktop');
    const adminPhone = await newPage(PHONE);
    await signIn(adminPhone, ADMIN);
    await go(adminPhone, '#/view/cs-01/2020Q3', /长沙科技新城 · 2020年三季度/);
    await fitsPhone(adminPhone);
    await shot(adminPhone, 'two-level-accepted-phone');
    expect(e2e.pageErrors).toEqual([]);
  }, 240_000);
  it('window platforms: a city returns a year, the platform explains and corrects it, the city passes it, the province accepts it', async () => {
    const P = '/api/platforms/cs-yuelu/filings/2020';
    const holder = { name: '李四', phone: '13900000000' };
    const schedule = { opensAt: '2019-01-01T00:00:00+08:00', dueAt: '2099-01-15T00:00:00+08:00', closesAt: '2099-02-01T00:00:00+08:00' };
    expect(
      (
        await api('PUT', '/api/platforms/cs-yuelu', {
          name: '岳麓区综合窗口平台',
          tier: 'county',
          city: '长沙市',
          county: '岳麓区',
          builtYear: 2018,
          inPlan: true,
        })
      ).status,
    ).toBe(201);
    // Another city's platform: 长沙市's 初审 must not list it.
    expect((await api('PUT', '/api/platforms/zz-city', { name: '株洲市综合窗口平台', tier: 'city', city: '株洲市', builtYear: 2016 })).status).toBe(201);
    for (const y of ['2019', '2020']) expect((await api('PUT', `/api/periods/${y}?program=platforms`, schedule)).status).toBe(200);
    // Last year, filed by the province: policy items 10 → 120 this year is a >10× move (a warning).
    const y2019 = { ...PLATFORM_2020, policyItems: '10', enterprisesServed: '1000' };
    expect((await api('PUT', '/api/platforms/cs-yuelu/filings/2019', { status: 'submitted', values: y2019 })).status).toBe(201);
    expect(
      (await api('PUT', '/api/platforms/zz-city/filings/2020', { status: 'submitted', values: PLATFORM_2020, confirmWarnings: true, explanation: '首年报送' }))
        .status,
    ).toBe(201);
    const platformToken = (await api('POST', '/api/tokens', { role: 'platform', platformId: 'cs-yuelu', holder })).body.token;

    // ---- the platform files its year and confirms the warning with a 情况说明
    const platform = await newPage();
    await signIn(platform, platformToken);
    await go(platform, '#/platform-filing/cs-yuelu/2020', '2020年窗口平台线上服务情况填报');
    for (const [code, v] of Object.entries(PLATFORM_2020)) await platform.locator(`#${inputId(code)}`).fill(v);
    await platform.getByRole('button', { name: '提交', exact: true }).click();
    await expect.poll(() => platform.locator('.warnings-panel').first().textContent()).toMatch(/发布政策信息/);
    await platform.getByLabel('情况说明(必填,审核人员可见)').fill('本年集中发布了省市惠企政策汇编');
    await platform.getByRole('button', { name: '数据无误,确认提交' }).click();
    await expect.poll(() => flash(platform).textContent()).toMatch(/已提交\(第1版\)/);
    expect((await api('GET', P)).body).toMatchObject({ status: 'submitted', explanation: '本年集中发布了省市惠企政策汇编' });

    // ---- the province sees it waiting for the city; 平台审核 is the same queue as the bases' 审核
    const admin = await newPage();
    await signIn(admin, ADMIN);
    expect(await admin.getByRole('navigation', { name: '窗口平台' }).getByRole('link').allTextContents()).toContain('平台审核');
    await go(admin, '#/platform-review?year=2020', '平台审核');
    await expect.poll(() => admin.locator('main').textContent()).toMatch(/另有 2 份已提交的报表等待市州初审/);

    // ---- the city pre-checks: 平台初审 lists its own city's platforms only, and returns it with a comment
    const city = await newPage();
    await signIn(city, cityToken);
    const cityNav = city.getByRole('navigation', { name: '窗口平台' });
    expect(await cityNav.getByRole('link').allTextContents()).toEqual(['平台报送情况', '平台初审', '平台汇总', '平台通报下载', '平台名录']);
    await cityNav.getByRole('link', { name: '平台初审' }).click();
    await city.getByRole('heading', { level: 1, name: '平台初审' }).waitFor();
    await city.locator('main:not([aria-busy])').waitFor();
    const row = city.getByRole('row', { name: /岳麓区综合窗口平台/ });
    await expect.poll(() => row.textContent()).toMatch(/已提交/);
    expect(await city.locator('main').textContent()).not.toMatch(/株洲市综合窗口平台/);
    await shot(city, 'two-level-platform-precheck-queue-desktop');
    await row.getByRole('link', { name: '初审' }).click();
    await city.getByRole('heading', { level: 1, name: '岳麓区综合窗口平台 · 2020年' }).waitFor();
    await expect.poll(() => city.locator('.explanation').first().textContent()).toMatch(/本年集中发布了省市惠企政策汇编/);
    await expect.poll(() => city.locator('table.context').textContent()).toMatch(/\+1100\.0%/);
    await city.getByLabel(/修改意见/).fill('服务企业家次请按平台后台统计核实');
    await shot(city, 'two-level-platform-precheck-filing-desktop');
    await city.getByRole('button', { name: '退回修改' }).click();
    await expect.poll(() => flash(city).textContent()).toMatch(/已退回,窗口平台将看到您的修改意见/);
    expect((await api('GET', P)).body).toMatchObject({ status: 'returned', reviewComment: '服务企业家次请按平台后台统计核实' });
    // Another city's platform is not its to pre-check.
    expect((await api('POST', '/api/platforms/zz-city/filings/2020/review', { action: 'pass' }, cityToken)).status).toBe(403);

    // ---- the platform reads the comment on its phone, corrects, explains and resubmits
    const platformPhone = await newPage(PHONE);
    await signIn(platformPhone, platformToken);
    await go(platformPhone, '#/platform-filing/cs-yuelu/2020', '2020年窗口平台线上服务情况填报');
    await expect.poll(() => platformPhone.locator('main').textContent()).toMatch(/市州管理员退回了本期报表/);
    await expect.poll(() => platformPhone.locator('.review-comment').first().textContent()).toMatch(/服务企业家次请按平台后台统计核实/);
    await fitsPhone(platformPhone);
    await platformPhone.locator(`#${inputId('enterprisesServed')}`).fill('1450');
    await platformPhone.getByRole('button', { name: '重新提交' }).click();
    await expect.poll(() => platformPhone.getByLabel('情况说明(必填,审核人员可见)').inputValue()).toBe('本年集中发布了省市惠企政策汇编');
    await platformPhone.getByLabel('情况说明(必填,审核人员可见)').fill('本年集中发布了省市惠企政策汇编;服务企业家次已按平台后台统计核实');
    await fitsPhone(platformPhone);
    await shot(platformPhone, 'two-level-platform-resubmit-phone');
    await platformPhone.getByRole('button', { name: '数据无误,确认提交' }).click();
    await expect.poll(() => flash(platformPhone).textContent()).toMatch(/已提交\(第3版\)/);
    expect((await api('GET', P)).body.values.enterprisesServed).toBe(1450);

    // ---- the city passes it, on a phone: the queue as cards, then the filing
    const cityPhone = await newPage(PHONE);
    await signIn(cityPhone, cityToken);
    await go(cityPhone, '#/platform-precheck?year=2020', '平台初审');
    const card = cityPhone.getByRole('row', { name: /岳麓区综合窗口平台/ });
    await expect.poll(() => card.textContent()).toMatch(/已提交/);
    await fitsPhone(cityPhone);
    await cardsFit(cityPhone);
    await shot(cityPhone, 'two-level-platform-precheck-queue-phone');
    await card.getByRole('link', { name: '初审' }).click();
    await cityPhone.getByRole('heading', { level: 1, name: '岳麓区综合窗口平台 · 2020年' }).waitFor();
    await expect.poll(() => cityPhone.locator('.explanation').first().textContent()).toMatch(/服务企业家次已按平台后台统计核实/);
    await fitsPhone(cityPhone);
    await shot(cityPhone, 'two-level-platform-precheck-filing-phone');
    await cityPhone.getByRole('button', { name: '初审通过' }).click();
    await expect.poll(() => flash(cityPhone).textContent()).toMatch(/初审通过/);
    expect((await api('GET', P)).body.status).toBe('checked');
    await cityPhone.getByRole('link', { name: '返回初审列表' }).click();
    await cityPhone.getByRole('heading', { level: 1, name: '平台初审' }).waitFor();

    // ---- the province accepts what the city passed, from 平台审核
    await go(admin, '#/platform-review?year=2020', '平台审核');
    const adminRow = admin.getByRole('row', { name: /岳麓区综合窗口平台/ });
    await expect.poll(() => adminRow.textContent()).toMatch(/初审通过/);
    await expect.poll(() => admin.locator('main').textContent()).toMatch(/另有 1 份已提交的报表等待市州初审/);
    await shot(admin, 'two-level-platform-review-queue-desktop');
    await adminRow.getByRole('link', { name: '审核' }).click();
    await admin.getByRole('heading', { level: 1, name: '岳麓区综合窗口平台 · 2020年' }).waitFor();
    expect(await admin.getByRole('heading', { level: 2, name: '复审' }).count()).toBe(1);
    await admin.getByRole('button', { name: '确认通过' }).click();
    await expect.poll(() => flash(admin).textContent()).toMatch(/已确认/);
    expect((await api('GET', P)).body.status).toBe('accepted');

    // ---- every step in the history and the audit
    await expect.poll(async () => (await api('GET', `${P}/history`)).body.versions.length, { timeout: 30_000 }).toBe(5);
    const versions = (await api('GET', `${P}/history`)).body.versions as Array<{
      action: string;
      by: { role: string };
      comment: string | null;
      explanation?: string;
    }>;
    expect(versions.map((v) => [v.action, v.by.role])).toEqual([
      ['submit', 'platform'],
      ['return', 'city'],
      ['submit', 'platform'],
      ['pass', 'city'],
      ['accept', 'admin'],
    ]);
    expect(versions[0]!.explanation).toBe('本年集中发布了省市惠企政策汇编');
    expect(versions[1]!.comment).toBe('服务企业家次请按平台后台统计核实');
    const auditOf = async () =>
      (await api('GET', '/api/audit?platformId=cs-yuelu&period=2020')).body.entries as Array<{ action: string; actor: { role: string }; program?: string }>;
    await expect.poll(async () => (await auditOf()).length, { timeout: 30_000 }).toBe(3);
    const audit = await auditOf();
    expect(audit.map((a) => [a.action, a.actor.role, a.program]).reverse()).toEqual([
      ['filing.return', 'city', 'platforms'],
      ['filing.pass', 'city', 'platforms'],
      ['filing.accept', 'admin', 'platforms'],
    ]);
    await admin.reload();
    await admin.locator('main:not([aria-busy])').waitFor();
    const history = admin.getByRole('region', { name: '各版本记录(新版本在前)' });
    await expect.poll(() => history.textContent(), { timeout: 30_000 }).toMatch(/初审通过/);
    expect(await history.textContent()).toMatch(/退回/);
    await shot(admin, 'two-level-platform-accepted-desktop');
    const adminPhone = await newPage(PHONE);
    await signIn(adminPhone, ADMIN);
    await go(adminPhone, '#/platform-review?year=2020&status=accepted', '平台审核');
    await expect.poll(() => adminPhone.getByRole('row', { name: /岳麓区综合窗口平台/ }).textContent()).toMatch(/已确认/);
    await fitsPhone(adminPhone);
    await cardsFit(adminPhone);
    await shot(adminPhone, 'two-level-platform-accepted-phone');
    expect(e2e.pageErrors).toEqual([]);
  }, 240_000);
  it('featured carriers: the city has 载体初审 (the same queue, by year), the province 载体审核', async () => {
    const schedule = { opensAt: '2020-01-01T00:00:00+08:00', dueAt: '2099-01-15T00:00:00+08:00', closesAt: '2099-02-01T00:00:00+08:00' };
    expect((await api('PUT', '/api/periods/2020?program=carriers', schedule)).status).toBe(200);
    const city = await newPage(PHONE);
    await signIn(city, cityToken);
    const nav = city.getByRole('navigation', { name: '双创特色载体' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['载体报送情况', '载体初审', '载体汇总', '载体通报下载', '载体名录']);
    await nav.getByRole('link', { name: '载体初审' }).click();
    await city.getByRole('heading', { level: 1, name: '载体初审' }).waitFor();
    await city.locator('main:not([aria-busy])').waitFor();
    expect(await city.getByLabel('年度').inputValue()).toBe('2020');
    await expect.poll(() => city.locator('main').textContent()).toMatch(/长沙市:核对本市州载体提交的报表/);
    await expect.poll(() => city.locator('main').textContent()).toMatch(/没有符合条件的报表/);
    await fitsPhone(city);
    const admin = await newPage();
    await signIn(admin, ADMIN);
    await go(admin, '#/carrier-review?year=2020', '载体审核');
    await expect.poll(() => admin.locator('main').textContent()).toMatch(/市州初审通过的报表在此复审/);
    expect(e2e.pageErrors).toEqual([]);
  }, 120_000);
});
