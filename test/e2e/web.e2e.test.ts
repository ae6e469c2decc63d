// The web pages in a real browser (Debian's Chromium, driven by playwright-core) against
// `npm start` on a fresh DATA_DIR: the admin sets up a period, bases (form and CSV) and tokens;
// a base files a full quarter through the form (fixing an inline error, confirming warnings);
// the admin returns it with a comment, the base corrects and resubmits, the admin accepts; the
// totals page and the downloaded bulletin show the numbers; the Excel round trip; a city user
// sees only its city. Then the window platforms (SPEC §9): divisions, a plan, platforms and a
// platform token through the pages, the platform files its year, the admin sees completeness and
// totals and downloads the bulletin, a city reads its own. Then the featured carriers (SPEC §10):
// a carrier, its plan in the table editor, a year and a token; the carrier files (an inline
// error, the server's cumulative fund error at its field), the admin sees completeness and
// totals, returns and accepts. Screenshots of the main pages at desktop and phone width go to
// test/e2e/screenshots/ (git-ignored).
//
// Needs /usr/bin/chromium (apt-get install chromium) and CJK fonts (fonts-noto-cjk) for
// readable screenshots; set CHROMIUM_PATH to use another binary.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsForPeriod } from '../../shared/catalog';
import { parseDecimal } from '../../shared/decimal';
import { inputId } from '../../web/src/form-model';
import { fitsPhone, flash, go, PHONE, patientPolls, SHOTS, shot, signIn as signInAt, startWebE2e, type WebE2e } from '../helpers/browser';
import { FORM_QUARTER as Q3 } from '../helpers/values';

const ADMIN = 'e2e-web-admin-token-abcdefghijklmnop';
const work = mkdtempSync(join(tmpdir(), 'tongbao-web-files-'));
patientPolls();
let e2e: WebE2e;
let url = '';

// ---- the quarter the base files --------------------------------------------------------------
// The previous quarter (filed through the API): trademarks 10 → 120 is a >10× move (a warning).
const Q2 = { ...Q3, trademarks: '10' };
const CORRECTED_AREA = '530000';

// ---- the year a window platform files (SPEC §9: counts) -----------------------------------------
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

const base = (code: string, typed: string, period = '2020Q3') => {
  const f = fieldsForPeriod(period).find((x) => x.code === code)!;
  const p = parseDecimal(typed, f.dp);
  if (!p.ok) throw new Error(`bad ${code}`);
  return Number(p.value);
};

// ---- the stack and the browser (test/helpers/browser.ts) ------------------------------------------
const api = (method: string, path: string, body?: unknown, token = ADMIN) => e2e.api(method, path, body, token);
const newPage: WebE2e['newPage'] = (viewport) => e2e.newPage(viewport);
const signIn = (page: Page, token: string) => signInAt(page, url, token);

/** Where the focused field, the message under it and the sticky action bar are on the screen. */
const focusedVsBar = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const err = document.getElementById(`${el.id}-err`);
    const bar = document.querySelector('.form-actions')!.getBoundingClientRect();
    const field = el.getBoundingClientRect();
    return {
      id: el.id,
      fieldTop: field.top,
      fieldBottom: field.bottom,
      errShown: !!err && !err.hidden,
      errBottom: err && !err.hidden ? err.getBoundingClientRect().bottom : field.bottom,
      barTop: bar.top,
      barHeight: bar.height,
    };
  });

/** The 签发令牌 form of the 令牌 page (the 账号 section above it has fields of the same names). */
const tokenForm = (page: Page) => page.locator('form', { has: page.getByRole('button', { name: '签发令牌' }) });

let admin: Page;
let baseUser: Page;
let baseToken = '';
let cityToken = '';
let carrierToken = '';
let carrierPage: Page | undefined;

beforeAll(async () => {
  e2e = await startWebE2e(ADMIN, 'tongbao-web-e2e-');
  url = e2e.url;
  console.log(`[web-e2e] npm start served /api/health after ${e2e.startedMs} ms`);
}, 120_000);

afterAll(async () => {
  await e2e?.dispose();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('web pages, end to end in Chromium', () => {
  it('the admin sets up periods, bases (form and CSV) and tokens through the pages', async () => {
    const t0 = Date.now();
    const login = await newPage();
    await login.goto(url + '/');
    // 账号登录 first, 令牌登录 second.
    await login.getByRole('textbox', { name: '账号', exact: true }).waitFor();
    expect(await login.getByRole('tab').allTextContents()).toEqual(['账号登录', '令牌登录']);
    await shot(login, 'login-desktop');
    const phoneLogin = await newPage(PHONE);
    await phoneLogin.goto(url + '/');
    await phoneLogin.getByRole('textbox', { name: '账号', exact: true }).waitFor();
    await shot(phoneLogin, 'login-phone');
    // A wrong token is refused with a message.
    await login.getByRole('tab', { name: '令牌登录' }).click();
    await login.getByLabel('访问令牌').fill('tb_0000000000000000_' + 'x'.repeat(43));
    await login.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => login.locator('.field-error:not([hidden])').textContent()).toMatch(/令牌无效或已被撤销/);

    admin = await newPage();
    await signIn(admin, ADMIN);
    await admin.getByRole('heading', { level: 1, name: '报送情况' }).waitFor();

    // Period schedules through the form (Beijing time).
    await go(admin, '#/schedules', '填报期');
    for (const [q, label] of [
      ['2020Q3', '2020年三季度'],
      ['2020Q4', '2020年四季度'],
    ] as const) {
      await admin.getByRole('textbox', { name: '季度', exact: true }).fill(q);
      await admin.getByLabel('开始填报时间').fill('2020-07-01T00:00');
      await admin.getByLabel('截止时间').fill('2099-01-15T00:00');
      await admin.getByLabel('关闭时间').fill('2099-12-31T00:00');
      await admin.getByRole('button', { name: '保存填报期' }).click();
      await expect.poll(() => admin.locator('main .status-line').first().textContent()).toBe(`已保存${label}的填报期`);
    }
    const schedules = (await api('GET', '/api/periods')).body.periods;
    expect(schedules.find((s: { period: string }) => s.period === '2020Q3')).toMatchObject({
      opensAt: '2020-06-30T16:00:00.000Z',
      dueAt: '2099-01-14T16:00:00.000Z',
    });
    await shot(admin, 'schedules-desktop');

    // A base through the form, with an inline error first.
    await go(admin, '#/bases', '基地名录');
    await admin.getByLabel('基地编号').fill('CSXC 01');
    await admin.getByLabel('基地名称').fill('长沙科技新城');
    await admin.getByLabel('所属市州').selectOption('长沙市');
    await admin.getByLabel('所属县市区').fill('岳麓区');
    await admin.getByLabel('基地级别').selectOption('national');
    await admin.getByLabel('批次').fill('第一批');
    await admin.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => admin.locator('#b-baseId-err').textContent()).toBe('基地编号应为3-40位小写字母、数字或连字符');
    await admin.getByLabel('基地编号').fill('csxc-01');
    await admin.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => admin.locator('form.base-form .status-line').textContent()).toBe('已新增基地「长沙科技新城」');

    // Import (issue 19): a preview first; a file with a bad row imports nothing; a good one all.
    const csv = [
      '基地编号,基地名称,所属市州,所属县市区,基地级别,批次,起始期,终止期',
      'zz-01,株洲动力谷基地,株洲市,天元区,省级,,2020Q1,',
      'cs-02,<img src=x onerror=alert(1)><b>岳麓</b>基地,长沙市,岳麓区,省级,第一批,,',
      'bad-01,无效市州基地,北京市,朝阳区,省级,,,',
    ];
    const csvFile = join(work, 'bases.csv');
    const importStatus = admin.locator('section[aria-labelledby="csv-title"] > .status-line');
    writeFileSync(csvFile, '\ufeff' + csv.join('\r\n'));
    await admin.getByLabel('选择 CSV 或 Excel 文件').setInputFiles(csvFile);
    await admin.getByRole('button', { name: '预览导入' }).click();
    await expect.poll(() => importStatus.textContent()).toMatch(/^文件中有 1 行错误,请修改后重新选择文件\(不会导入任何基地\)/);
    await expect.poll(() => admin.getByRole('region', { name: '导入预览' }).textContent()).toMatch(/第4行bad-01.*错误所属市州:应为湖南省14个市州之一/);
    expect(await admin.getByRole('button', { name: '确认导入' }).isVisible()).toBe(false);
    expect((await api('GET', '/api/bases')).body.bases.map((b: { baseId: string }) => b.baseId)).toEqual(['csxc-01']);
    writeFileSync(csvFile, '\ufeff' + csv.slice(0, 3).join('\r\n'));
    await admin.getByLabel('选择 CSV 或 Excel 文件').setInputFiles(csvFile);
    await admin.getByRole('button', { name: '预览导入' }).click();
    await expect.poll(() => importStatus.textContent()).toBe('检查通过:新增 2 个,变更 0 个,无变化 0 个。请核对后点击「确认导入」');
    await admin.getByRole('button', { name: '确认导入' }).click();
    await expect.poll(() => importStatus.textContent()).toBe('导入完成:新增 2 个,变更 0 个,无变化 0 个');
    await expect.poll(() => admin.getByRole('region', { name: '导入结果' }).textContent()).toMatch(/第3行cs-02.*新增/);
    await expect.poll(() => admin.getByText('<img src=x onerror=alert(1)><b>岳麓</b>基地').count()).toBe(2);
    expect(await admin.locator('main img, main b').count()).toBe(0);
    expect((await api('GET', '/api/bases')).body.bases.map((b: { baseId: string }) => b.baseId).sort()).toEqual(['cs-02', 'csxc-01', 'zz-01']);
    // The list: search, sort by a header, 导出Excel of what is shown.
    const registryList = admin.getByRole('region', { name: /已登记基地/ });
    const registrySection = admin.locator('section[aria-label="基地列表"]');
    await registrySection.getByLabel('搜索').fill('株洲');
    await expect.poll(() => registryList.getByRole('row').count()).toBe(2);
    await registrySection.getByLabel('搜索').fill('');
    await expect.poll(() => registryList.getByRole('row').count()).toBe(4);
    await registryList.getByRole('button', { name: /编号/ }).click();
    expect(await registryList.locator('th[aria-sort="ascending"]').count()).toBe(1);
    const [listBook] = await Promise.all([admin.waitForEvent('download'), registrySection.getByRole('button', { name: '导出Excel' }).click()]);
    expect(listBook.suggestedFilename()).toMatch(/^基地名录-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await shot(admin, 'registry-desktop');

    // Tokens: shown once, with a copy button.
    await go(admin, '#/tokens', '令牌');
    await tokenForm(admin).getByLabel('角色').selectOption('base');
    await tokenForm(admin).getByRole('combobox', { name: '基地', exact: true }).selectOption('csxc-01');
    await tokenForm(admin).getByLabel('持有人姓名').fill('李四');
    await tokenForm(admin).getByLabel('联系电话').fill('13800000000');
    await admin.getByRole('button', { name: '签发令牌' }).click();
    baseToken = await admin.locator('#issued-token').inputValue();
    expect(baseToken).toMatch(/^tb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    await admin.getByRole('button', { name: '复制' }).waitFor();
    await tokenForm(admin).getByLabel('角色').selectOption('city');
    await tokenForm(admin).getByRole('combobox', { name: '市州', exact: true }).selectOption('株洲市');
    await tokenForm(admin).getByLabel('持有人姓名').fill('王五');
    await tokenForm(admin).getByLabel('联系电话').fill('0731-12345678');
    await admin.getByRole('button', { name: '签发令牌' }).click();
    await expect.poll(() => admin.locator('#issued-token').inputValue()).not.toBe(baseToken);
    cityToken = await admin.locator('#issued-token').inputValue();
    // A third token, revoked from the list (two-step confirm).
    await tokenForm(admin).getByLabel('角色').selectOption('base');
    await tokenForm(admin).getByRole('combobox', { name: '基地', exact: true }).selectOption('cs-02');
    await tokenForm(admin).getByLabel('持有人姓名').fill('赵六');
    await tokenForm(admin).getByLabel('联系电话').fill('13900000000');
    await admin.getByRole('button', { name: '签发令牌' }).click();
    await expect.poll(() => admin.locator('#issued-token').inputValue()).not.toBe(cityToken);
    const revoked = await admin.locator('#issued-token').inputValue();
    await admin.getByRole('button', { name: '撤销 赵六(基地信息管理员) 的令牌' }).click();
    await admin.getByRole('button', { name: '确认撤销' }).click();
    await expect.poll(() => admin.getByRole('status').filter({ hasText: '已撤销' }).count()).toBeGreaterThan(0);
    expect((await api('GET', '/api/me', undefined, revoked)).status).toBe(401);
    expect((await api('GET', '/api/me', undefined, baseToken)).body).toMatchObject({ role: 'base', baseId: 'csxc-01' });
    await shot(admin, 'tokens-desktop');

    // The previous quarter, filed through the API (its values make one Q3 value a warning).
    expect(
      (
        await api('PUT', '/api/periods/2020Q2', {
          opensAt: '2020-04-01T00:00:00+08:00',
          dueAt: '2099-01-15T00:00:00+08:00',
          closesAt: '2099-12-31T00:00:00+08:00',
        })
      ).status,
    ).toBe(200);
    expect((await api('PUT', '/api/bases/csxc-01/filings/2020Q2', { status: 'submitted', values: Q2 })).status).toBe(201);
    console.log(`[web-e2e] admin setup through the pages: ${Date.now() - t0} ms`);
  }, 150_000);

  it('an information administrator signs in with the account and initial password the admin created, and signs out', async () => {
    await go(admin, '#/tokens', '令牌');
    const form = admin.locator('form', { has: admin.getByRole('button', { name: '创建账号' }) });
    await form.getByRole('textbox', { name: '账号', exact: true }).fill('csxc.lisi');
    await form.getByLabel('角色').selectOption('base');
    await form.getByRole('combobox', { name: '基地', exact: true }).selectOption('csxc-01');
    await form.getByLabel('持有人姓名').fill('李四');
    await form.getByLabel('联系电话').fill('13800000000');
    await form.getByRole('button', { name: '创建账号' }).click();
    const password = await admin.locator('#initial-password').inputValue();
    expect(password).toMatch(/^[A-Za-z2-9]{14}$/);
    await expect.poll(() => admin.getByRole('table', { name: '账号' }).textContent()).toMatch(/csxc\.lisi.*李四/);
    await shot(admin, 'accounts-desktop');

    const user = await newPage();
    await user.goto(url + '/');
    await user.getByRole('textbox', { name: '账号', exact: true }).fill('csxc.lisi');
    await user.getByLabel('密码').fill('Wrong2020pass');
    await user.getByRole('button', { name: '登录' }).click();
    // The message, then the request id a user can quote (x-request-id).
    await expect.poll(() => user.locator('.field-error:not([hidden])').textContent()).toMatch(/^账号或密码不正确\(请求编号 [0-9a-f-]{36}\)$/);
    await user.getByLabel('密码').fill(password);
    await user.keyboard.press('Enter');
    // An admin-set password is changed first.
    await user.getByRole('heading', { level: 1, name: '修改密码' }).waitFor();
    await user.getByLabel('当前密码').fill(password);
    await user.locator('#pw-new').fill('Changsha2021autumn');
    await user.getByLabel('再次输入新密码').fill('Changsha2021autumn');
    await user.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => user.locator('main .notice-ok').textContent()).toMatch(/密码已于 .* 修改/);
    await shot(user, 'password-desktop');
    await go(user, '#/periods', '我的填报');
    const session = (await user.evaluate(() => sessionStorage.getItem('tongbao.token')))!;
    expect(session).toMatch(/^tb_[0-9a-f]{16}_/);
    expect((await api('GET', '/api/me', undefined, session)).body).toMatchObject({ role: 'base', baseId: 'csxc-01', account: 'csxc.lisi' });
    // 退出登录 revokes the session on the server, not only in this tab.
    await user.getByRole('button', { name: '退出登录' }).click();
    await user.getByRole('textbox', { name: '账号', exact: true }).waitFor();
    expect(await user.evaluate(() => sessionStorage.getItem('tongbao.token'))).toBeNull();
    expect((await api('GET', '/api/me', undefined, session)).status).toBe(401);
    expect((await api('POST', '/api/sessions', { username: 'csxc.lisi', password: 'Changsha2021autumn' }, '')).status).toBe(201);
  }, 60_000);

  it('a base files a full quarter through the form: inline error fixed, totals, reload-safe, warnings confirmed', async () => {
    const t0 = Date.now();
    baseUser = await newPage();
    // Keyboard only: the account field has focus; Shift+Tab to the tabs, → to 令牌登录, Enter
    // opens it with the token field focused, Enter signs in.
    await baseUser.goto(url + '/');
    await baseUser.getByRole('textbox', { name: '账号', exact: true }).waitFor();
    expect(await baseUser.evaluate(() => document.activeElement?.id)).toBe(
      (await baseUser.getByRole('textbox', { name: '账号', exact: true }).getAttribute('id'))!,
    );
    await baseUser.keyboard.press('Shift+Tab');
    await baseUser.keyboard.press('ArrowRight');
    await baseUser.keyboard.press('Enter');
    await baseUser.getByLabel('访问令牌').waitFor();
    expect(await baseUser.evaluate(() => document.activeElement?.id)).toBe((await baseUser.getByLabel('访问令牌').getAttribute('id'))!);
    await baseUser.keyboard.type(baseToken);
    await baseUser.keyboard.press('Enter');
    await baseUser.getByRole('heading', { level: 1, name: '我的填报' }).waitFor();
    expect(await baseUser.evaluate(() => sessionStorage.getItem('tongbao.token'))).toBe(baseToken);
    const q3row = baseUser.getByRole('row', { name: /2020年三季度/ });
    await expect.poll(() => q3row.textContent()).toMatch(/未填报/);
    await shot(baseUser, 'base-periods-desktop');
    await q3row.getByRole('link', { name: '开始填报' }).click();
    await baseUser.getByRole('heading', { level: 1, name: '2020年三季度运营情况填报' }).waitFor();

    // Sections as fieldsets with legends, every input labelled.
    expect(await baseUser.locator('fieldset > legend').allTextContents()).toEqual([
      '一、基地建设情况',
      '二、基地运营情况',
      '三、入驻企业情况',
      '四、入驻企业知识产权',
      '五、服务情况',
    ]);
    const unlabelled = await baseUser.$$eval('main input, main select, main textarea', (els) =>
      els.filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')).map((e) => e.id),
    );
    expect(unlabelled).toEqual([]);
    await expect.poll(() => baseUser.getByLabel('信息服务 开展服务场次(场次)').count()).toBe(1);

    // An inline error while typing, in the server's words; fixed.
    const area = baseUser.getByLabel('基地建筑总面积');
    await area.pressSequentially('abc');
    const areaErr = baseUser.locator('#f-buildingArea-err');
    await expect.poll(() => areaErr.textContent()).toBe('基地建筑总面积:请填写数字(单位:平方米)');
    expect(await area.getAttribute('aria-invalid')).toBe('true');
    await shot(baseUser, 'filing-inline-error-desktop');
    await area.fill(Q3.buildingArea!);
    await expect.poll(() => areaErr.isHidden()).toBe(true);
    // Logical focus order: Tab goes to the next field of the section.
    await area.focus();
    await baseUser.keyboard.press('Tab');
    expect(await baseUser.evaluate(() => document.activeElement?.id)).toBe('f-selfOwnedArea');

    // Fill half, reload by accident: the typed values come back.
    const codes = fieldsForPeriod('2020Q3').map((f) => f.code);
    for (const code of codes.slice(0, 12)) await baseUser.locator(`#${inputId(code)}`).fill(Q3[code]!);
    await baseUser.waitForTimeout(400);
    // Kept for this tab only (like the token): nothing outlives the session on a shared computer.
    const drafts = (store: 'localStorage' | 'sessionStorage') =>
      baseUser.evaluate((s) => Object.keys(window[s]).filter((k) => k.startsWith('tongbao.draft')), store);
    expect([await drafts('localStorage'), (await drafts('sessionStorage')).length]).toEqual([[], 1]);
    await baseUser.reload();
    await baseUser.getByRole('heading', { level: 1, name: '2020年三季度运营情况填报' }).waitFor();
    await expect.poll(() => baseUser.locator('.notice').first().textContent()).toMatch(/已恢复您上次未保存的修改/);
    expect(await baseUser.locator('#f-operatorAssets').inputValue()).toBe('3656.8612');
    for (const code of codes.slice(12)) await baseUser.locator(`#${inputId(code)}`).fill(Q3[code]!);

    // Running totals.
    expect(await baseUser.locator('#total-patents').textContent()).toBe('60');
    expect(await baseUser.locator('#total-service-sessions').textContent()).toBe('52');
    expect(await baseUser.locator('#total-service-enterprises').textContent()).toBe('595');
    await shot(baseUser, 'filing-form-desktop');

    // Enter moves to the next field, as in a spreadsheet; it never submits the report.
    await baseUser.locator('#f-buildingArea').focus();
    await baseUser.keyboard.press('Enter');
    expect(await baseUser.evaluate(() => [document.activeElement?.tagName, document.activeElement?.id])).toEqual(['INPUT', 'f-selfOwnedArea']);
    await baseUser.waitForTimeout(300);
    expect(await baseUser.locator('.warnings-panel:not([hidden])').count()).toBe(0);
    expect((await flash(baseUser).textContent()) ?? '').not.toMatch(/已提交/);

    // Submit: the >10× move needs confirming.
    await baseUser.getByRole('button', { name: '提交', exact: true }).click();
    const warnings = baseUser.locator('.warnings-panel').first();
    await expect.poll(() => warnings.textContent()).toMatch(/拥有商标:与上季度\(10件\)相比变化超过10倍,请核实/);
    expect(await baseUser.locator('#f-trademarks-warn').textContent()).toMatch(/变化超过10倍/);
    await shot(baseUser, 'filing-warnings-desktop');
    await baseUser.getByLabel('情况说明(必填,审核人员可见)').fill('新注册商标集中获批');
    await baseUser.getByRole('button', { name: '数据无误,确认提交' }).click();
    await expect.poll(() => flash(baseUser).textContent()).toMatch(/已提交\(第1版\)/);
    expect(await baseUser.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('tongbao.draft')))).toEqual([]);

    const stored = (await api('GET', '/api/bases/csxc-01/filings/2020Q3')).body;
    expect(stored.status).toBe('submitted');
    for (const code of codes) expect(stored.values[code], code).toBe(base(code, Q3[code]!));

    // The same form at phone width.
    const phone = await newPage(PHONE);
    await phone.goto(url + '/');
    await phone.evaluate((t) => sessionStorage.setItem('tongbao.token', t), baseToken);
    await phone.goto(`${url}/#/filing/csxc-01/2020Q3`);
    await phone.getByRole('heading', { level: 1, name: '2020年三季度运营情况填报' }).waitFor();
    await fitsPhone(phone);
    await shot(phone, 'filing-form-phone');
    // The action bar is slim on a phone (one row of buttons).
    expect((await focusedVsBar(phone)).barHeight).toBeLessThan(80);
    // A field just above the bar: a wrong value shows the error under it, and the page moves so
    // that the error is not hidden behind the bar.
    const probe = phone.locator('#f-employees');
    await probe.evaluate((el) =>
      window.scrollBy(0, el.getBoundingClientRect().bottom - document.querySelector('.form-actions')!.getBoundingClientRect().top + 2),
    );
    await probe.evaluate((el) => (el as HTMLInputElement).focus({ preventScroll: true }));
    await phone.keyboard.type('x');
    await expect.poll(() => phone.locator('#f-employees-err').isVisible()).toBe(true);
    await expect
      .poll(async () => {
        const r = await focusedVsBar(phone);
        return r.errShown && r.errBottom <= r.barTop && r.fieldTop >= 0;
      })
      .toBe(true);
    await phone.screenshot({ path: join(SHOTS, 'filing-error-phone.png') });
    await phone.keyboard.press('Backspace');
    // Tab to a field that was under the bar: it lands above it.
    const next = phone.locator('#f-enterpriseAssets');
    await next.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - document.querySelector('.form-actions')!.getBoundingClientRect().top + 4));
    await probe.evaluate((el) => (el as HTMLInputElement).focus({ preventScroll: true }));
    await phone.keyboard.press('Tab');
    await expect
      .poll(async () => {
        const r = await focusedVsBar(phone);
        return r.id === 'f-enterpriseAssets' && r.errBottom <= r.barTop;
      })
      .toBe(true);
    await fitsPhone(phone);
    await phone.goto(`${url}/#/periods`);
    await phone.getByRole('heading', { level: 1, name: '我的填报' }).waitFor();
    await fitsPhone(phone);
    // A card per period: the deadline in one piece, the button on one line.
    const dueCell = phone.getByRole('row', { name: /2020年三季度/ }).locator('td[data-label="截止时间"] .when-date');
    expect(await dueCell.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.getClientRects().length === 1)).toBe(true);
    const startBtn = phone.getByRole('link', { name: '开始填报' });
    expect(await startBtn.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(50);
    await shot(phone, 'base-periods-phone');
    console.log(`[web-e2e] base filing through the form: ${Date.now() - t0} ms`);
  }, 150_000);

  it('the admin returns it with a comment; the base sees it, corrects, resubmits; the admin accepts', async () => {
    const t0 = Date.now();
    await go(admin, '#/review?period=2020Q3', '审核');
    const row = admin.getByRole('row', { name: /长沙科技新城/ });
    await expect.poll(() => row.textContent()).toMatch(/已提交/);
    await shot(admin, 'review-queue-desktop');
    await row.getByRole('link', { name: '审核' }).click();
    await admin.getByRole('heading', { level: 1, name: /长沙科技新城 · 2020年三季度/ }).waitFor();
    // Return without a comment is refused in place.
    await admin.getByRole('button', { name: '退回修改' }).click();
    await expect.poll(() => admin.locator('.review-panel .field-error').textContent()).toBe('退回时请填写修改意见');
    await admin.getByLabel('修改意见').fill('基地建筑总面积请按不动产登记核实');
    await shot(admin, 'review-filing-desktop');
    await admin.getByRole('button', { name: '退回修改' }).click();
    await expect.poll(() => flash(admin).textContent()).toMatch(/已退回/);

    await go(baseUser, '#/periods', '我的填报');
    const q3row = baseUser.getByRole('row', { name: /2020年三季度/ });
    await expect.poll(() => q3row.textContent()).toMatch(/已退回/);
    await q3row.getByRole('link', { name: '修改后重新提交' }).click();
    await baseUser.getByRole('heading', { level: 1, name: '2020年三季度运营情况填报' }).waitFor();
    await expect.poll(() => baseUser.locator('.review-comment').textContent()).toMatch(/基地建筑总面积请按不动产登记核实/);
    await shot(baseUser, 'filing-returned-desktop');
    await baseUser.getByLabel('基地建筑总面积').fill(CORRECTED_AREA);
    await baseUser.getByRole('button', { name: '重新提交' }).click();
    await baseUser.getByRole('button', { name: '数据无误,确认提交' }).click();
    await expect.poll(() => flash(baseUser).textContent()).toMatch(/已提交\(第3版\)/);
    // The history shows every version, with the comment and the change (filed from the stream).
    await expect.poll(async () => (await api('GET', '/api/bases/csxc-01/filings/2020Q3/history')).body.versions.length, { timeout: 30_000 }).toBe(3);
    await baseUser.reload();
    const history = baseUser.getByRole('region', { name: '各版本记录(新版本在前)' });
    await expect.poll(() => history.textContent()).toMatch(/第3版/);
    expect(await history.textContent()).toMatch(/退回.*基地建筑总面积请按不动产登记核实/);

    await admin.reload();
    await admin.getByRole('heading', { level: 1, name: /长沙科技新城/ }).waitFor();
    await admin.getByRole('button', { name: '确认通过' }).click();
    await expect.poll(() => flash(admin).textContent()).toMatch(/已确认/);
    expect((await api('GET', '/api/bases/csxc-01/filings/2020Q3')).body).toMatchObject({ status: 'accepted', version: 4 });
    await shot(admin, 'filing-accepted-desktop');

    // Accepted: the base's form is read-only; the print view lays it out on paper.
    await go(baseUser, '#/filing/csxc-01/2020Q3', '2020年三季度运营情况填报');
    await expect.poll(() => baseUser.locator('.notice-ok').textContent()).toMatch(/已确认并锁定/);
    expect(await baseUser.locator('#f-buildingArea').getAttribute('readonly')).not.toBeNull();
    await go(baseUser, '#/print/csxc-01/2020Q3', '湖南省中小微企业创业创新基地运营情况表');
    await baseUser.emulateMedia({ media: 'print' });
    expect(await baseUser.locator('.topbar').isVisible()).toBe(false);
    await shot(baseUser, 'print-view');
    await baseUser.emulateMedia({ media: 'screen' });
    console.log(`[web-e2e] return, correct, resubmit, accept: ${Date.now() - t0} ms`);
  }, 120_000);

  it('the totals page and the downloaded bulletin show the new numbers', async () => {
    const t0 = Date.now();
    // The aggregates follow the stream within seconds.
    let shown = '';
    for (let i = 0; i < 30; i++) {
      await go(admin, '#/totals?period=2020Q3&scope=all', '汇总数据');
      shown = (await admin.locator('[data-code="buildingArea"]').textContent()) ?? '';
      if (shown === '530,000') break;
      await admin.waitForTimeout(1000);
    }
    expect(shown).toBe('530,000');
    expect(await admin.locator('[data-code="reportingBases"]').textContent()).toBe('1');
    expect(await admin.locator('[data-code="operatorAssets"]').textContent()).toBe('3,656.8612');
    expect(await admin.locator('[data-code="enterpriseProfit"]').textContent()).toBe('-1,200.75');
    expect(await admin.locator('[data-code="avgRent"]').textContent()).toBe('25.50');
    expect(await admin.locator('[data-code="patents"]').textContent()).toBe('60');
    expect(await admin.locator('[data-code="service.total.sessions"]').textContent()).toBe('52');
    await shot(admin, 'totals-desktop');
    // Scope: a city with nothing filed.
    await admin.getByLabel('范围').selectOption('city:株洲市');
    await expect.poll(() => admin.locator('[data-code="reportingBases"]').textContent()).toBe('0');

    await go(admin, '#/bulletins', '通报下载');
    await admin.getByLabel('期别').selectOption('2020Q3');
    await admin.getByLabel('同比口径(批次)').selectOption('第一批');
    await shot(admin, 'bulletins-desktop');
    // Below the completeness threshold the page asks (confirm) before downloading: accept.
    const asked: string[] = [];
    admin.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: '下载通报(Excel)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = join(work, 'bulletin.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const basic = wb.getWorksheet('基本情况统计表')!;
    let area: unknown;
    let assets: unknown;
    basic.eachRow((row) => {
      const label = String(row.getCell(1).value ?? '');
      if (label.startsWith('基地建筑总面积')) area = row.getCell(2).value;
      if (label.startsWith('运营单位总资产')) assets = row.getCell(2).value;
    });
    expect(area).toBe(53); // 530000 平方米 = 53 万平方米
    expect(assets).toBeCloseTo(0.36568612, 12); // 亿元
    const detail = wb.getWorksheet('基地明细')!;
    const names: string[] = [];
    detail.eachRow((row) => row.eachCell((c) => typeof c.value === 'string' && names.push(c.value)));
    expect(names).toContain('长沙科技新城');
    await expect.poll(() => admin.locator('.bulletin-form .status-line').textContent()).toMatch(/已下载/);

    const phone = await newPage(PHONE);
    await phone.goto(url + '/');
    await phone.evaluate((t) => sessionStorage.setItem('tongbao.token', t), ADMIN);
    await phone.goto(`${url}/#/totals?period=2020Q3&scope=all`);
    await phone.getByRole('heading', { level: 1, name: '汇总数据' }).waitFor();
    await phone.locator('[data-code="buildingArea"]').waitFor();
    await shot(phone, 'totals-phone');
    await phone.goto(`${url}/#/dashboard?period=2020Q3`);
    await phone.getByRole('heading', { level: 1, name: '报送情况' }).waitFor();
    await phone.locator('.rate-chart').waitFor();
    await fitsPhone(phone);
    await shot(phone, 'dashboard-phone');
    await phone.goto(`${url}/#/review?period=2020Q3&status=all`);
    await phone.getByRole('heading', { level: 1, name: '审核' }).waitFor();
    await phone.getByRole('row', { name: /长沙科技新城/ }).waitFor();
    await fitsPhone(phone);
    await shot(phone, 'review-queue-phone');
    await phone.goto(`${url}/#/bases`);
    await phone.getByRole('heading', { level: 1, name: '基地名录' }).waitFor();
    await phone.getByRole('row', { name: /长沙科技新城/ }).waitFor();
    await fitsPhone(phone);
    await shot(phone, 'registry-phone');
    await go(admin, '#/dashboard?period=2020Q3', '报送情况');
    await admin.locator('.rate-chart').waitFor();
    expect(await admin.locator('.stats').textContent()).toMatch(/^3应报基地1已报1按时0逾期2未报/);
    // 催报 (issue 19): the two missing bases with their administrators, a reminder per city, the workbook.
    const chaseList = admin.getByRole('region', { name: '催报名单' });
    await expect.poll(() => chaseList.getByRole('row').count()).toBe(3);
    expect(await chaseList.textContent()).toMatch(/未报送/);
    expect(await admin.getByRole('button', { name: /^复制.+催报通知$/ }).count()).toBeGreaterThan(0);
    expect(await admin.locator('.reminder-text').first().inputValue()).toMatch(
      /^.+:2020年三季度创业创新基地数据报送截止时间为2099年1月15日。截至.+尚有\d家基地未报送/,
    );
    const [chaseFile] = await Promise.all([admin.waitForEvent('download'), admin.locator('section.chase').getByRole('button', { name: '导出Excel' }).click()]);
    expect(chaseFile.suggestedFilename()).toBe('2020年三季度创业创新基地报送情况.xlsx');
    const chasePath = join(work, 'chase.xlsx');
    await chaseFile.saveAs(chasePath);
    const chaseBook = new ExcelJS.Workbook();
    await chaseBook.xlsx.load(readFileSync(chasePath) as unknown as ArrayBuffer);
    expect(chaseBook.worksheets.map((w) => w.name)).toEqual(['报送情况', '催报名单', '催报通知']);
    await shot(admin, 'dashboard-desktop');
    console.log(`[web-e2e] totals and bulletin: ${Date.now() - t0} ms`);
  }, 120_000);

  it('the Excel round trip: download the template, fill it, upload; an invalid cell is named', async () => {
    const t0 = Date.now();
    await go(baseUser, '#/filing/csxc-01/2020Q4', '2020年四季度运营情况填报');
    const [download] = await Promise.all([baseUser.waitForEvent('download'), baseUser.getByRole('button', { name: '下载 Excel 模板' }).click()]);
    const templateFile = join(work, 'template.xlsx');
    await download.saveAs(templateFile);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(templateFile) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('填报表')!;
    expect(ws.getCell('B2').value).toBe('csxc-01');
    expect(ws.getCell('B3').value).toBe('2020Q4');
    const rowOf = new Map<string, number>();
    ws.eachRow((row, n) => {
      const code = row.getCell(1).value;
      if (n >= 7 && typeof code === 'string') rowOf.set(code, n);
    });
    expect(rowOf.get('buildingArea')).toBe(7);
    expect(ws.getCell('B7').value).toBe('基地建筑总面积');
    expect(ws.getCell('C7').value).toBe('平方米');
    const Q4: Record<string, string> = { ...Q3, buildingArea: '540000', operatorAssets: '3700.1234' };
    for (const [code, r] of rowOf) ws.getCell(`D${r}`).value = Number(Q4[code]);
    ws.getCell('D7').value = 'abc';
    ws.getCell('D8').value = { formula: 'D7/2', result: 270000 } as ExcelJS.CellFormulaValue;
    const bad = join(work, 'filled-bad.xlsx');
    await wb.xlsx.writeFile(bad);
    await baseUser.getByLabel('选择填好的模板(.xlsx)').setInputFiles(bad);
    await baseUser.getByLabel('上传后').selectOption('draft');
    await baseUser.getByRole('button', { name: '上传模板' }).click();
    const errors = baseUser.locator('.upload-errors');
    await expect.poll(() => errors.textContent()).toMatch(/D7 基地建筑总面积:请填写数字\(单位:平方米\)/);
    expect(await errors.textContent()).toMatch(/D8 其中:基地自持部分面积:不接受公式,请直接填写数值/);
    await shot(baseUser, 'excel-upload-errors-desktop');
    expect((await api('GET', '/api/bases/csxc-01/filings/2020Q4')).status).toBe(404); // nothing stored

    ws.getCell('D7').value = 540000;
    ws.getCell('D8').value = 300000;
    const good = join(work, 'filled.xlsx');
    await wb.xlsx.writeFile(good);
    await baseUser.getByLabel('选择填好的模板(.xlsx)').setInputFiles(good);
    await baseUser.getByRole('button', { name: '上传模板' }).click();
    await expect.poll(() => flash(baseUser).textContent()).toMatch(/已从 Excel 导入并暂存为草稿\(第1版\)/);
    expect(await baseUser.locator('#f-buildingArea').inputValue()).toBe('540000');
    expect(await baseUser.locator('#f-operatorAssets').inputValue()).toBe('3700.1234');
    const stored = (await api('GET', '/api/bases/csxc-01/filings/2020Q4')).body;
    expect(stored.status).toBe('draft');
    for (const code of fieldsForPeriod('2020Q4').map((f) => f.code)) expect(stored.values[code], code).toBe(base(code, Q4[code]!, '2020Q4'));
    console.log(`[web-e2e] Excel round trip: ${Date.now() - t0} ms`);
  }, 120_000);

  it('a city user sees only its own city', async () => {
    const city = await newPage();
    await signIn(city, cityToken);
    await city.getByRole('heading', { level: 1, name: '报送情况' }).waitFor();
    expect(await city.getByRole('navigation', { name: '主导航' }).getByRole('link').allTextContents()).toEqual([
      '报送情况',
      '汇总数据',
      '趋势',
      '通报下载',
      '基地名录',
      '示范基地认定',
    ]);
    await city.locator('.rate-chart').waitFor();
    const byCity = city.getByRole('region', { name: '各市州报送情况' });
    expect(await byCity.textContent()).toMatch(/株洲市/);
    expect(await byCity.textContent()).not.toMatch(/长沙市/);
    await shot(city, 'city-dashboard-desktop');
    await go(city, '#/bases', '基地名录');
    const list = city.getByRole('region', { name: /已登记基地/ });
    await expect.poll(() => list.textContent()).toMatch(/株洲动力谷基地/);
    expect(await list.textContent()).not.toMatch(/长沙科技新城/);
    expect(await city.getByRole('button', { name: '保存' }).count()).toBe(0);
    await go(city, '#/totals?period=2020Q3', '汇总数据');
    expect(await city.getByLabel('范围').isDisabled()).toBe(true);
    expect(await city.getByLabel('范围').locator('option').allTextContents()).toEqual(['株洲市']);
    await go(city, '#/view/csxc-01/2020Q3');
    await expect.poll(() => city.locator('main').textContent()).toMatch(/只能访问本市州基地的数据/);
    expect((await api('GET', '/api/aggregates/2020Q3?scope=all', undefined, cityToken)).status).toBe(403);
    // Sign-out forgets the token.
    await city.getByRole('button', { name: '退出登录' }).click();
    await city.getByRole('textbox', { name: '账号', exact: true }).waitFor();
    expect(await city.evaluate(() => sessionStorage.getItem('tongbao.token'))).toBeNull();
  }, 60_000);

  // ---- 窗口平台 (SPEC §9): the second program through the same pages ------------------------------
  it('window platforms: the admin registers divisions, a plan, platforms and a token; the platform files its year', async () => {
    const t0 = Date.now();
    // The year's schedule through the form.
    await go(admin, '#/platform-schedules', '平台填报期');
    await admin.getByRole('textbox', { name: '年度', exact: true }).fill('2020');
    await admin.getByLabel('开始填报时间').fill('2020-12-01T00:00');
    await admin.getByLabel('截止时间').fill('2099-01-31T00:00');
    await admin.getByLabel('关闭时间').fill('2099-12-31T00:00');
    await admin.getByRole('button', { name: '保存填报期' }).click();
    await expect.poll(() => admin.locator('main .status-line').first().textContent()).toBe('已保存2020年的填报期');
    expect((await api('GET', '/api/periods?program=platforms')).body.periods.map((p: { period: string }) => p.period)).toContain('2020');

    // 株洲's county-level units, one per line (a blank line and spaces are dropped).
    await go(admin, '#/divisions', '县市区名录');
    await admin.getByLabel('株洲市县市区(每行一个)').fill('荷塘区\n芦淞区\n\n 石峰区 \n天元区');
    await admin.getByRole('button', { name: '保存株洲市县市区名录' }).click();
    await expect.poll(() => admin.locator('#div-1-status').textContent()).toBe('已保存株洲市的4个县市区');
    expect((await api('GET', '/api/divisions')).body.divisions['株洲市']).toEqual(['荷塘区', '芦淞区', '石峰区', '天元区']);
    await shot(admin, 'divisions-desktop');

    // The 2020 plan: 株洲 must build 2.
    await go(admin, '#/platform-plans?year=2020', '建设计划');
    await admin.getByLabel('株洲市', { exact: true }).fill('2');
    await admin.getByLabel('长沙市', { exact: true }).fill('1');
    await expect.poll(() => admin.locator('#plan-total').textContent()).toBe('3');
    await admin.getByRole('button', { name: '保存建设计划' }).click();
    await expect.poll(() => admin.locator('main > div > .status-line').textContent()).toMatch(/已保存2020年建设计划\(全省计划建设3家\)/);
    expect((await api('GET', '/api/platform-plans/2020')).body.cities).toMatchObject({ 株洲市: 2, 长沙市: 1 });
    await shot(admin, 'platform-plans-desktop');

    // A county platform through the form (the county list follows the city); a cluster one by API.
    await go(admin, '#/platforms', '平台名录');
    await admin.getByLabel('平台编号').fill('zz-hetang');
    await admin.getByLabel('平台名称').fill('荷塘区中小企业公共服务窗口平台');
    await admin.getByLabel('平台类别').selectOption('county');
    await admin.getByLabel('所属市州').selectOption('株洲市');
    expect(await admin.getByLabel('所属县市区').locator('option').allTextContents()).toEqual(['请选择', '荷塘区', '芦淞区', '石峰区', '天元区']);
    await admin.getByLabel('所属县市区').selectOption('荷塘区');
    await admin.getByLabel('建成年份').fill('2020');
    await admin.getByLabel('计划内建设').check();
    expect(await admin.getByLabel('产业集群').isVisible()).toBe(false);
    await admin.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => admin.locator('form.platform-form .status-line').textContent()).toBe('已新增窗口平台「荷塘区中小企业公共服务窗口平台」');
    expect((await api('GET', '/api/platforms/zz-hetang')).body).toMatchObject({
      tier: 'county',
      city: '株洲市',
      county: '荷塘区',
      park: false,
      builtYear: 2020,
      inPlan: true,
      cluster: null,
    });
    expect(
      (
        await api('PUT', '/api/platforms/zz-lusong', {
          name: '芦淞服饰产业集群窗口平台',
          tier: 'cluster',
          city: '株洲市',
          cluster: '芦淞服饰',
          builtYear: 2019,
        })
      ).status,
    ).toBe(201);
    await go(admin, '#/platforms', '平台名录');
    await expect.poll(() => admin.getByRole('region', { name: /已登记窗口平台/ }).textContent()).toMatch(/芦淞服饰产业集群窗口平台.*芦淞服饰/);
    await shot(admin, 'platform-registry-desktop');

    // A token for the platform's administrator.
    await go(admin, '#/tokens', '令牌');
    await tokenForm(admin).getByLabel('角色').selectOption('platform');
    await tokenForm(admin).getByRole('combobox', { name: '窗口平台', exact: true }).selectOption('zz-hetang');
    await tokenForm(admin).getByLabel('持有人姓名').fill('周七');
    await tokenForm(admin).getByLabel('联系电话').fill('13700000000');
    await admin.getByRole('button', { name: '签发令牌' }).click();
    await expect.poll(() => admin.locator('.issued').textContent()).toMatch(/荷塘区中小企业公共服务窗口平台 · 周七/);
    const platformToken = await admin.locator('#issued-token').inputValue();
    expect((await api('GET', '/api/me', undefined, platformToken)).body).toMatchObject({ role: 'platform', platformId: 'zz-hetang' });

    // The platform files 2020: an inline error fixed, a draft, then the submission.
    const platform = await newPage();
    await signIn(platform, platformToken);
    await platform.getByRole('heading', { level: 1, name: '我的填报' }).waitFor();
    expect(await platform.getByRole('navigation', { name: '主导航' }).getByRole('link').allTextContents()).toEqual(['我的填报']);
    const row = platform.getByRole('row', { name: /2020年/ });
    await expect.poll(() => row.textContent()).toMatch(/未填报/);
    await shot(platform, 'platform-periods-desktop');
    await row.getByRole('link', { name: '开始填报' }).click();
    await platform.getByRole('heading', { level: 1, name: '2020年窗口平台线上服务情况填报' }).waitFor();
    expect(await platform.locator('fieldset > legend').allTextContents()).toEqual(['线上服务情况']);
    const codes = Object.keys(PLATFORM_2020);
    expect(await platform.locator('form.filing-form input[data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(codes);
    await platform.getByLabel('发布政策信息(条)').fill('12.5');
    await expect.poll(() => platform.locator(`#${inputId('policyItems')}-err`).textContent()).toBe('发布政策信息:应为整数(单位:条)');
    for (const code of codes) await platform.locator(`#${inputId(code)}`).fill(PLATFORM_2020[code]!);
    expect(await platform.locator(`#${inputId('policyItems')}-err`).isHidden()).toBe(true);
    await platform.getByRole('button', { name: '暂存草稿' }).click();
    await expect.poll(() => flash(platform).textContent()).toMatch(/已暂存草稿\(第1版\)/);
    await platform.getByRole('button', { name: '提交', exact: true }).click();
    await expect.poll(() => flash(platform).textContent()).toMatch(/已提交\(第2版\)/);
    const stored = (await api('GET', '/api/platforms/zz-hetang/filings/2020')).body;
    expect(stored.status).toBe('submitted');
    for (const code of codes) expect(stored.values[code], code).toBe(Number(PLATFORM_2020[code]));
    await shot(platform, 'platform-form-desktop');

    // The admin returns it with a comment from the platform's read-only view; the platform resubmits.
    await go(admin, '#/platforms/zz-hetang', '荷塘区中小企业公共服务窗口平台');
    await admin
      .getByRole('row', { name: /2020年/ })
      .getByRole('link', { name: '查看' })
      .click();
    await admin.getByRole('heading', { level: 1, name: '荷塘区中小企业公共服务窗口平台 · 2020年' }).waitFor();
    await admin.getByLabel('修改意见').fill('服务企业家次请按平台后台统计核实');
    await admin.getByRole('button', { name: '退回修改' }).click();
    await expect.poll(() => flash(admin).textContent()).toMatch(/已退回,窗口平台将看到您的修改意见/);
    await go(platform, '#/my-platform', '我的填报');
    await platform
      .getByRole('row', { name: /2020年/ })
      .getByRole('link', { name: '修改后重新提交' })
      .click();
    await expect.poll(() => platform.locator('.review-comment').textContent()).toMatch(/服务企业家次请按平台后台统计核实/);
    await shot(platform, 'platform-form-returned-desktop');
    await platform.getByRole('button', { name: '重新提交' }).click();
    await expect.poll(() => flash(platform).textContent()).toMatch(/已提交\(第4版\)/);

    // The Excel template of the year: the fields with the stored values.
    const [download] = await Promise.all([platform.waitForEvent('download'), platform.getByRole('button', { name: '下载 Excel 模板' }).click()]);
    const templateFile = join(work, 'platform-template.xlsx');
    await download.saveAs(templateFile);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(templateFile) as unknown as ArrayBuffer);
    const inTemplate = new Map<string, unknown>();
    wb.worksheets[0]!.eachRow(
      (r) =>
        typeof r.getCell(1).value === 'string' &&
        codes.includes(r.getCell(1).value as string) &&
        inTemplate.set(r.getCell(1).value as string, r.getCell(4).value),
    );
    expect([...inTemplate.keys()]).toEqual(codes);
    expect(Number(inTemplate.get('onlineDeals'))).toBe(41);

    // The history lists both versions (filed from the stream).
    await expect.poll(async () => (await api('GET', '/api/platforms/zz-hetang/filings/2020/history')).body.versions.length, { timeout: 30_000 }).toBe(4);
    await platform.reload();
    await expect
      .poll(() => platform.getByRole('region', { name: '各版本记录(新版本在前)' }).textContent())
      .toMatch(/第4版.*提交.*退回.*服务企业家次请按平台后台统计核实/);

    // The template filled and uploaded: a bad cell is named, then the good file is submitted.
    const ws = wb.worksheets[0]!;
    const rowOf = new Map<string, number>();
    ws.eachRow((r, n) => typeof r.getCell(1).value === 'string' && codes.includes(r.getCell(1).value as string) && rowOf.set(r.getCell(1).value as string, n));
    const policyRow = rowOf.get('policyItems')!;
    ws.getCell(`D${policyRow}`).value = 'abc';
    const badFile = join(work, 'platform-filled-bad.xlsx');
    await wb.xlsx.writeFile(badFile);
    await platform.getByLabel('选择填好的模板(.xlsx)').setInputFiles(badFile);
    await platform.getByLabel('上传后').selectOption('submitted');
    await platform.getByRole('button', { name: '上传模板' }).click();
    await expect.poll(() => platform.locator('.upload-errors').textContent()).toMatch(new RegExp(`D${policyRow} 发布政策信息:请填写数字\\(单位:条\\)`));
    ws.getCell(`D${policyRow}`).value = 120;
    ws.getCell(`D${rowOf.get('onlineDeals')!}`).value = 45;
    const goodFile = join(work, 'platform-filled.xlsx');
    await wb.xlsx.writeFile(goodFile);
    await platform.getByLabel('选择填好的模板(.xlsx)').setInputFiles(goodFile);
    await platform.getByLabel('上传后').selectOption('submitted');
    await platform.getByRole('button', { name: '上传模板' }).click();
    await expect.poll(() => flash(platform).textContent()).toMatch(/已从 Excel 导入并提交\(第5版\)/);
    expect(await platform.locator(`#${inputId('onlineDeals')}`).inputValue()).toBe('45');
    expect((await api('GET', '/api/platforms/zz-hetang/filings/2020')).body.values).toMatchObject({
      policyItems: 120,
      onlineDeals: 45,
      enterprisesServed: 1500,
    });

    const phone = await newPage(PHONE);
    await phone.goto(url + '/');
    await phone.evaluate((t) => sessionStorage.setItem('tongbao.token', t), platformToken);
    await phone.goto(`${url}/#/platform-filing/zz-hetang/2020`);
    await phone.getByRole('heading', { level: 1, name: '2020年窗口平台线上服务情况填报' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(phone, 'platform-form-phone');
    console.log(`[web-e2e] platforms: setup and filing: ${Date.now() - t0} ms`);
  }, 180_000);

  it('window platforms: the admin sees completeness and totals and downloads the bulletin; a city reads its own', async () => {
    const t0 = Date.now();
    await go(admin, '#/platform-dashboard?year=2020', '平台报送情况');
    await admin.locator('.rate-chart').waitFor();
    expect(await admin.locator('.stats').textContent()).toMatch(/^2应报平台1已报1按时0逾期1未报50\.0%报送率/);
    await expect.poll(() => admin.getByRole('region', { name: '未报平台名单' }).textContent()).toMatch(/芦淞服饰产业集群窗口平台/);
    await shot(admin, 'platform-dashboard-desktop');

    // The aggregates follow the stream within seconds.
    let shown = '';
    for (let i = 0; i < 30; i++) {
      await go(admin, '#/platform-totals?year=2020&scope=all', '平台汇总');
      shown = (await admin.locator('[data-code="enterprisesServed"]').textContent()) ?? '';
      if (shown === '1,500') break;
      await admin.waitForTimeout(1000);
    }
    expect(shown).toBe('1,500');
    expect(await admin.locator('[data-code="reportingEntities"]').textContent()).toBe('1');
    expect(await admin.locator('[data-code="policyItems"]').textContent()).toBe('120');
    await shot(admin, 'platform-totals-desktop');
    await admin.getByLabel('范围').selectOption('tier:cluster');
    await expect.poll(() => admin.locator('[data-code="reportingEntities"]').textContent()).toBe('0');

    await go(admin, '#/platform-bulletins', '平台通报下载');
    await admin.getByLabel('年度').selectOption('2020');
    await shot(admin, 'platform-bulletins-desktop');
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: '下载通报(Excel)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = join(work, 'platform-bulletin.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '建设任务完成情况',
      '覆盖情况',
      '市州综合窗口平台线上服务统计表',
      '产业集群窗口平台线上服务统计表',
      '县市区综合窗口平台线上服务统计表',
      '运行指标',
      '报送情况',
      '通报正文',
    ]);
    const names: string[] = [];
    wb.getWorksheet('县市区综合窗口平台线上服务统计表')!.eachRow((r) => r.eachCell((c) => typeof c.value === 'string' && names.push(c.value)));
    expect(names).toContain('荷塘区中小企业公共服务窗口平台');
    await expect.poll(() => admin.locator('.bulletin-form .status-line').textContent()).toMatch(/已下载/);

    const phone = await newPage(PHONE);
    await phone.goto(url + '/');
    await phone.evaluate((t) => sessionStorage.setItem('tongbao.token', t), ADMIN);
    await phone.goto(`${url}/#/platform-dashboard?year=2020`);
    await phone.getByRole('heading', { level: 1, name: '平台报送情况' }).waitFor();
    await phone.locator('.rate-chart').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(phone, 'platform-dashboard-phone');
    await phone.goto(`${url}/#/platform-totals?year=2020&scope=all`);
    await phone.getByRole('heading', { level: 1, name: '平台汇总' }).waitFor();
    await phone.locator('[data-code="policyItems"]').waitFor();
    await shot(phone, 'platform-totals-phone');

    // A city user: the platform pages of its own city, read only.
    const city = await newPage();
    await signIn(city, cityToken);
    expect(await city.getByRole('navigation', { name: '窗口平台' }).getByRole('link').allTextContents()).toEqual([
      '平台报送情况',
      '平台汇总',
      '平台通报下载',
      '平台名录',
    ]);
    await go(city, '#/platforms', '平台名录');
    await expect.poll(() => city.getByRole('region', { name: /已登记窗口平台/ }).textContent()).toMatch(/荷塘区中小企业公共服务窗口平台/);
    expect(await city.getByRole('button', { name: '保存' }).count()).toBe(0);
    await go(city, '#/platform-totals?year=2020', '平台汇总');
    expect(await city.getByLabel('范围').isDisabled()).toBe(true);
    expect(await city.getByLabel('范围').locator('option').allTextContents()).toEqual(['株洲市']);
    await expect.poll(() => city.locator('[data-code="policyItems"]').textContent()).toBe('120');
    await go(city, '#/platform-filing/zz-hetang/2020', '2020年窗口平台线上服务情况填报');
    expect(await city.locator(`#${inputId('policyItems')}`).getAttribute('readonly')).not.toBeNull();
    expect(await city.getByRole('button', { name: '提交', exact: true }).count()).toBe(0);
    await shot(city, 'city-platform-filing-desktop');
    console.log(`[web-e2e] platforms: completeness, totals, bulletin, city: ${Date.now() - t0} ms`);
  }, 150_000);

  it('featured carriers: the admin registers a carrier, its plan, a year and a token; the carrier files (inline and server errors at the field)', async () => {
    const t0 = Date.now();
    // The carrier through the registry form.
    await go(admin, '#/carriers', '载体名录');
    expect(await admin.getByRole('navigation', { name: '双创特色载体' }).getByRole('link').allTextContents()).toEqual([
      '载体报送情况',
      '载体审核',
      '载体汇总',
      '载体通报下载',
      '载体名录',
      '载体填报期',
    ]);
    await admin.getByLabel('载体编号').fill('hy-gaoxin');
    await admin.getByLabel('载体名称').fill('衡阳高新区大中小企业融通型载体');
    await admin.getByLabel('载体类型').selectOption('integration');
    await admin.getByLabel('所属市州').selectOption('衡阳市');
    await admin.getByLabel('所在园区').fill('衡阳高新区');
    await admin.getByLabel('获批时间').fill('2019-06');
    await admin.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => admin.locator('form.carrier-form .status-line').textContent()).toBe('已新增双创特色载体「衡阳高新区大中小企业融通型载体」');
    expect((await api('GET', '/api/carriers/hy-gaoxin')).body).toMatchObject({
      type: 'integration',
      city: '衡阳市',
      zone: '衡阳高新区',
      approvedAt: '2019-06',
    });
    await shot(admin, 'carrier-registry-desktop');

    // Its plan in the table editor: two indicators with targets for 2020 and 2021, one sub-project.
    await admin
      .getByRole('row', { name: /衡阳高新区大中小企业融通型载体/ })
      .getByRole('link', { name: '绩效目标计划' })
      .click();
    await admin.getByRole('heading', { level: 1, name: '衡阳高新区大中小企业融通型载体 · 绩效目标计划' }).waitFor();
    await admin.getByLabel('第1项指标 代码').fill('capitalServices');
    await admin.getByLabel('第1项指标 指标名称').fill('合作的资本服务机构');
    await admin.getByLabel('第1项指标 单位').fill('个');
    await admin.getByLabel('第1项指标 基准年').fill('2019');
    await admin.getByLabel('第1项指标 基准值').fill('12');
    await admin.getByRole('button', { name: '增加指标' }).click();
    await admin.getByLabel('第2项指标 代码').fill('revenueGrowth');
    await admin.getByLabel('第2项指标 指标名称').fill('融通企业营业收入增长率');
    await admin.getByLabel('第2项指标 单位').fill('%');
    await admin.getByLabel('第2项指标 小数位数').selectOption('1');
    await admin.getByLabel('第2项指标 基准年').fill('2019');
    await admin.getByLabel('第2项指标 基准值').fill('10.5');
    await admin.getByRole('button', { name: '增加目标年份' }).click();
    await admin.getByRole('button', { name: '增加目标年份' }).click();
    await admin.getByLabel('第1项指标 2020年目标值').fill('20');
    await admin.getByLabel('第1项指标 2021年目标值').fill('28');
    await admin.getByLabel('第2项指标 2020年目标值').fill('12.0');
    // A wrong number of decimals is the server's own message, next to the cell.
    await admin.getByLabel('第2项指标 2021年目标值').fill('13.25');
    await admin.getByRole('button', { name: '增加子项目' }).click();
    await admin.getByLabel('第1个子项目 代码').fill('sp1');
    await admin.getByLabel('第1个子项目 名称').fill('大中小企业融通服务平台建设');
    await admin.getByLabel('第1个子项目 项目内容').fill('建设融通服务平台,对接大企业与中小企业');
    await admin.getByLabel('第1个子项目 计划总投资(万元)').fill('3000');
    await admin.getByLabel('第1个子项目 直接补助(万元)').fill('2000');
    await admin.getByLabel('第1个子项目 绩效奖励(万元)').fill('500');
    await admin.getByRole('button', { name: '保存计划' }).click();
    await expect.poll(() => admin.locator('#ind-1-t2021-err').textContent()).toMatch(/2021年目标值:最多保留1位小数/);
    expect(await admin.getByLabel('第2项指标 2021年目标值').getAttribute('aria-invalid')).toBe('true');
    await admin.getByLabel('第2项指标 2021年目标值').fill('13.5');
    await admin.getByRole('button', { name: '保存计划' }).click();
    await expect.poll(() => flash(admin).textContent()).toMatch(/已保存绩效目标计划\(第1版\)/);
    const plan = (await api('GET', '/api/carriers/hy-gaoxin/plan')).body;
    expect(plan.version).toBe(1);
    expect(plan.typed.indicators.map((i: { code: string; targets: unknown }) => [i.code, i.targets])).toEqual([
      ['capitalServices', { '2020': '20', '2021': '28' }],
      ['revenueGrowth', { '2020': '12', '2021': '13.5' }],
    ]);
    expect(plan.plan.subProjects[0]).toMatchObject({
      code: 'sp1',
      plannedInvestment: 30_000_000,
      plannedFund: { subsidy: 20_000_000, reward: 5_000_000, purchase: 0 },
    });
    await expect.poll(() => admin.getByRole('region', { name: '各版本(新版本在前)' }).textContent()).toMatch(/第1版.*指标2项,子项目1个/);
    await shot(admin, 'carrier-plan-desktop');

    // The year 2020 and the carrier's token.
    await go(admin, '#/carrier-schedules', '载体填报期');
    await admin.getByRole('textbox', { name: '年度', exact: true }).fill('2020');
    await admin.getByLabel('开始填报时间').fill('2020-12-01T00:00');
    await admin.getByLabel('截止时间').fill('2099-01-31T00:00');
    await admin.getByLabel('关闭时间').fill('2099-12-31T00:00');
    await admin.getByRole('button', { name: '保存填报期' }).click();
    await expect.poll(() => admin.locator('main .status-line').first().textContent()).toBe('已保存2020年的填报期');
    expect((await api('GET', '/api/periods?program=carriers')).body.periods.map((p: { period: string }) => p.period)).toEqual(['2020']);
    await go(admin, '#/tokens', '令牌');
    await tokenForm(admin).getByLabel('角色').selectOption('carrier');
    await tokenForm(admin).getByRole('combobox', { name: '双创特色载体', exact: true }).selectOption('hy-gaoxin');
    await tokenForm(admin).getByLabel('持有人姓名').fill('吴九');
    await tokenForm(admin).getByLabel('联系电话').fill('13600000000');
    await admin.getByRole('button', { name: '签发令牌' }).click();
    await expect.poll(() => admin.locator('.issued').textContent()).toMatch(/衡阳高新区大中小企业融通型载体 · 吴九/);
    carrierToken = await admin.locator('#issued-token').inputValue();
    expect((await api('GET', '/api/me', undefined, carrierToken)).body).toMatchObject({ role: 'carrier', carrierId: 'hy-gaoxin' });

    // The carrier: its years, its plan (read only), the form.
    const carrier = await newPage();
    carrierPage = carrier;
    await signIn(carrier, carrierToken);
    await carrier.getByRole('heading', { level: 1, name: '我的填报' }).waitFor();
    expect(await carrier.getByRole('navigation', { name: '主导航' }).getByRole('link').allTextContents()).toEqual(['我的填报', '绩效目标计划']);
    await go(carrier, '#/my-plan', '衡阳高新区大中小企业融通型载体 · 绩效目标计划');
    await expect
      .poll(() => carrier.getByRole('region', { name: '绩效指标' }).first().textContent())
      .toMatch(/合作的资本服务机构.*个.*越高越好.*12\(2019年\).*20.*28/);
    expect(await carrier.getByRole('button', { name: '保存计划' }).count()).toBe(0);
    await shot(carrier, 'carrier-plan-readonly-desktop');
    await go(carrier, '#/my-carrier', '我的填报');
    const row = carrier.getByRole('row', { name: /2020年/ });
    await expect.poll(() => row.textContent()).toMatch(/未填报/);
    await row.getByRole('link', { name: '开始填报' }).click();
    await carrier.getByRole('heading', { level: 1, name: '2020年双创特色载体绩效情况填报' }).waitFor();
    const indicators = carrier.getByRole('region', { name: '2020年绩效指标' });
    await expect.poll(() => indicators.getByRole('row', { name: /合作的资本服务机构/ }).textContent()).toMatch(/12\(2019年\)1220/);
    // One indicator with too many decimals: the inline message; the verdict follows the typing.
    await carrier.getByLabel('融通企业营业收入增长率:本年完成值(%)').fill('12.34');
    await expect.poll(() => carrier.locator(`#${inputId('revenueGrowth')}-err`).textContent()).toBe('融通企业营业收入增长率:最多保留1位小数(单位:%)');
    await carrier.getByLabel('融通企业营业收入增长率:本年完成值(%)').fill('12.5');
    expect(await carrier.locator(`#${inputId('revenueGrowth')}-err`).isHidden()).toBe(true);
    await carrier.getByLabel('合作的资本服务机构:本年完成值(个)').fill('17');
    expect(
      await indicators
        .getByRole('row', { name: /合作的资本服务机构/ })
        .locator('.verdict')
        .textContent(),
    ).toBe('未完成');
    expect(
      await indicators
        .getByRole('row', { name: /融通企业营业收入增长率/ })
        .locator('.verdict')
        .textContent(),
    ).toBe('完成');
    // Funds: one batch received; more disbursed than received.
    await carrier.getByRole('button', { name: '增加一批' }).click();
    await carrier.getByLabel('第1批 到位时间').fill('2020-07');
    await carrier.getByLabel('第1批 金额(万元)').fill('2500');
    await carrier.getByLabel('第1批 资金来源').fill('中央财政中小企业发展专项资金');
    await expect.poll(() => carrier.locator('#batch-total').textContent()).toBe('2,500');
    await carrier.getByLabel('「大中小企业融通服务平台建设」本年拨付资金(万元)').fill('3000');
    await carrier.getByLabel('「大中小企业融通服务平台建设」本年完成投资(万元)').fill('44.5');
    await carrier.getByLabel('大中小企业融通服务平台建设:项目进度').fill('平台已上线,入驻服务机构17家');
    await carrier.getByLabel('存在问题').fill('合作的资本服务机构未达目标。');
    await carrier.getByLabel('下一步工作').fill('引进资本服务机构。');
    await carrier.getByRole('button', { name: '暂存草稿' }).click();
    await expect.poll(() => carrier.locator('#funds-disbursed-err').textContent()).toMatch(/累计拨付资金3000(\.0+)?万元超过累计到位资金2500(\.0+)?万元/);
    expect(await carrier.getByLabel('「大中小企业融通服务平台建设」本年拨付资金(万元)').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => carrier.locator('.error-summary').textContent()).toMatch(/累计拨付资金/);
    await shot(carrier, 'carrier-form-error-desktop');
    await carrier.getByLabel('「大中小企业融通服务平台建设」本年拨付资金(万元)').fill('2380');
    expect(await carrier.locator('#funds-disbursed-err').isHidden()).toBe(true);
    await carrier.getByRole('button', { name: '提交', exact: true }).click();
    await expect.poll(() => flash(carrier).textContent()).toMatch(/已提交\(第1版\)/);
    const stored = (await api('GET', '/api/carriers/hy-gaoxin/filings/2020')).body;
    expect(stored.status).toBe('submitted');
    expect(stored.values).toEqual({ capitalServices: 17, revenueGrowth: 125 });
    expect(stored.details).toMatchObject({
      funds: { received: [{ date: '2020-07', amount: 25_000_000, source: '中央财政中小企业发展专项资金' }], disbursed: { sp1: 23_800_000 } },
      investment: { sp1: 445_000 },
      progress: { sp1: '平台已上线,入驻服务机构17家' },
      problems: '合作的资本服务机构未达目标。',
    });
    // The form shows what was stored.
    expect(await carrier.getByLabel('第1批 金额(万元)').inputValue()).toBe('2500');
    expect(await carrier.getByLabel('「大中小企业融通服务平台建设」本年完成投资(万元)').inputValue()).toBe('44.5');
    await shot(carrier, 'carrier-form-desktop');

    const phone = await newPage(PHONE);
    await phone.goto(url + '/');
    await phone.evaluate((t) => sessionStorage.setItem('tongbao.token', t), carrierToken);
    await phone.goto(`${url}/#/carrier-filing/hy-gaoxin/2020`);
    await phone.getByRole('heading', { level: 1, name: '2020年双创特色载体绩效情况填报' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(phone, 'carrier-form-phone');
    console.log(`[web-e2e] carriers: setup and filing: ${Date.now() - t0} ms`);
  }, 180_000);

  it('featured carriers: the admin sees completeness and totals (拨付率 exact), returns and accepts; downloads offered', async () => {
    const t0 = Date.now();
    await go(admin, '#/carrier-dashboard?year=2020', '载体报送情况');
    await admin.locator('.rate-chart').waitFor();
    expect(await admin.locator('.stats').textContent()).toMatch(/^1应报载体1已报1按时0逾期0未报100\.0%报送率/);
    await expect.poll(() => admin.getByRole('region', { name: '按载体类型的报送情况' }).textContent()).toMatch(/大中小企业融通型11100100\.0%/);
    await shot(admin, 'carrier-dashboard-desktop');

    let shown = '';
    for (let i = 0; i < 30; i++) {
      await go(admin, '#/carrier-totals?year=2020&scope=all', '载体汇总');
      shown = (await admin.locator('[data-code="sum.fundsReceived"]').textContent()) ?? '';
      if (shown === '2,500.00') break;
      await admin.waitForTimeout(1000);
    }
    expect(shown).toBe('2,500.00');
    expect(await admin.locator('[data-code="sum.fundsDisbursed"]').textContent()).toBe('2,380.00');
    expect(await admin.locator('td [data-code="disbursementRate"]').textContent()).toBe('95.20%');
    expect(await admin.locator('[data-code="metOfJudged"]').textContent()).toBe('1/2');
    expect(await admin.locator('[data-code="reportingEntities"]').textContent()).toBe('1');
    await shot(admin, 'carrier-totals-desktop');
    await admin.getByLabel('范围').selectOption('type:capital');
    await expect.poll(() => admin.locator('[data-code="reportingEntities"]').textContent()).toBe('0');

    // Review from the read-only view: return with a comment, the carrier resubmits, accept.
    await go(admin, '#/carrier-view/hy-gaoxin/2020', '衡阳高新区大中小企业融通型载体 · 2020年');
    await expect
      .poll(() => admin.getByRole('region', { name: '2020年绩效指标' }).first().textContent())
      .toMatch(/合作的资本服务机构\(个\)12\(2019年\)122017未完成/);
    expect(await admin.getByRole('button', { name: '自评估报告(Word)' }).count()).toBe(1);
    await shot(admin, 'carrier-review-desktop');
    await admin.getByLabel('修改意见').fill('请补充资本服务机构未达标的原因');
    await admin.getByRole('button', { name: '退回修改' }).click();
    await expect.poll(() => flash(admin).textContent()).toMatch(/已退回,载体将看到您的修改意见/);
    const carrier = carrierPage!;
    await go(carrier, '#/my-carrier', '我的填报');
    await carrier
      .getByRole('row', { name: /2020年/ })
      .getByRole('link', { name: '修改后重新提交' })
      .click();
    await expect.poll(() => carrier.locator('.review-comment').textContent()).toMatch(/请补充资本服务机构未达标的原因/);
    await carrier.getByLabel('存在问题').fill('合作的资本服务机构17个,目标值20个,差3个:引进工作滞后。');
    await carrier.getByRole('button', { name: '重新提交' }).click();
    await expect.poll(() => flash(carrier).textContent()).toMatch(/已提交\(第3版\)/);
    await expect.poll(async () => (await api('GET', '/api/carriers/hy-gaoxin/filings/2020/history')).body.versions.length, { timeout: 30_000 }).toBe(3);
    await carrier.reload();
    await expect
      .poll(() => carrier.getByRole('region', { name: '各版本记录(新版本在前)' }).textContent())
      .toMatch(/第3版.*提交.*存在问题:已修改.*退回.*请补充资本服务机构未达标的原因/);
    // The resubmission waits in 载体审核 (the review queue, the same view as the bases' 审核).
    await go(admin, '#/carrier-review?year=2020', '载体审核');
    const queued = admin.getByRole('row', { name: /衡阳高新区大中小企业融通型载体/ });
    await expect.poll(() => queued.textContent()).toMatch(/已提交/);
    await shot(admin, 'carrier-review-queue-desktop');
    await queued.getByRole('link', { name: '审核' }).click();
    await admin.getByRole('heading', { level: 1, name: '衡阳高新区大中小企业融通型载体 · 2020年' }).waitFor();
    await admin.getByRole('button', { name: '确认通过' }).click();
    await expect.poll(() => flash(admin).textContent()).toMatch(/已确认,报表已锁定/);
    expect((await api('GET', '/api/carriers/hy-gaoxin/filings/2020')).body.status).toBe('accepted');
    await admin.getByRole('link', { name: '返回审核列表' }).click();
    await admin.getByRole('heading', { level: 1, name: '载体审核' }).waitFor();
    await admin.getByLabel('状态').selectOption('accepted');
    await expect.poll(() => admin.getByRole('row', { name: /衡阳高新区大中小企业融通型载体/ }).textContent()).toMatch(/已确认/);

    await go(admin, '#/carrier-bulletins?year=2020', '载体通报下载');
    expect(await admin.getByRole('button', { name: '下载载体绩效情况汇总表(Excel)' }).count()).toBe(1);
    expect(await admin.getByRole('region', { name: '2020年各载体自评估报告' }).getByRole('button').allTextContents()).toEqual([
      '自评估报告(Word)',
      '自评估报告(Excel)',
    ]);
    await shot(admin, 'carrier-bulletins-desktop');

    const phone = await newPage(PHONE);
    await phone.goto(url + '/');
    await phone.evaluate((t) => sessionStorage.setItem('tongbao.token', t), ADMIN);
    await phone.goto(`${url}/#/carrier-totals?year=2020&scope=all`);
    await phone.getByRole('heading', { level: 1, name: '载体汇总' }).waitFor();
    await phone.locator('[data-code="sum.fundsReceived"]').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(phone, 'carrier-totals-phone');
    await phone.goto(`${url}/#/carrier-plan/hy-gaoxin`);
    await phone.getByRole('heading', { level: 1, name: '衡阳高新区大中小企业融通型载体 · 绩效目标计划' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(phone, 'carrier-plan-phone');

    // A city user sees the carrier pages of its own city (none of 衡阳's).
    const city = await newPage();
    await signIn(city, cityToken);
    expect(await city.getByRole('navigation', { name: '双创特色载体' }).getByRole('link').allTextContents()).toEqual([
      '载体报送情况',
      '载体汇总',
      '载体通报下载',
      '载体名录',
    ]);
    await go(city, '#/carriers', '载体名录');
    await expect.poll(() => city.locator('main').textContent()).toMatch(/尚未登记双创特色载体/);
    console.log(`[web-e2e] carriers: completeness, totals, review: ${Date.now() - t0} ms`);
  }, 150_000);

  // ---- SPEC §11: published figures never move; demonstration-base designations ------------------
  it('designations and registry history: the admin records a 2021 national designation, sees the summary, moves a base from 2021Q1 and sees its history', async () => {
    const t0 = Date.now();
    // Another base of 2021 was recommended but not designated (through the API): a 50% rate.
    expect((await api('PUT', '/api/bases/zz-01/designations/2021-national', { status: 'not-designated', recommendedBy: '湖南省工业和信息化厅' })).status).toBe(
      200,
    );

    await go(admin, '#/designations', '示范基地认定');
    const form = admin.locator('form.designation-form');
    await admin.getByRole('combobox', { name: '基地', exact: true }).selectOption('csxc-01');
    await admin.getByRole('textbox', { name: '认定年度' }).fill('2021');
    await admin.getByRole('combobox', { name: '认定级别' }).selectOption('national');
    await admin.getByRole('combobox', { name: '认定状态' }).selectOption('designated');
    expect(await admin.getByRole('textbox', { name: '撤销年份' }).isVisible()).toBe(false);
    // The server's own check, shown at its field: a bidi override in the 文号 is refused.
    await admin.getByRole('textbox', { name: '文号' }).fill('工信部企业函\u202e〔2021〕88号');
    await admin.getByRole('textbox', { name: '推荐单位' }).fill('湖南省工业和信息化厅');
    await form.getByRole('button', { name: '保存认定信息' }).click();
    await expect.poll(() => admin.locator('#d-document-err').textContent()).toBe('文号:含有不可见或无效字符');
    expect(await admin.getByRole('textbox', { name: '文号' }).getAttribute('aria-invalid')).toBe('true');
    await admin.getByRole('textbox', { name: '文号' }).fill('工信部企业函〔2021〕88号');
    await form.getByRole('button', { name: '保存认定信息' }).click();
    await expect.poll(() => form.locator('.status-line').textContent()).toBe('已保存:长沙科技新城 2021年国家级示范基地 已认定');
    expect(await admin.locator('#d-document-err').isHidden()).toBe(true);
    expect(
      (await api('GET', '/api/designations?year=2021&level=national')).body.designations.map((d: { baseId: string; status: string }) => [d.baseId, d.status]),
    ).toEqual([
      ['csxc-01', 'designated'],
      ['zz-01', 'not-designated'],
    ]);

    // The summary: 推荐 2, 认定 1, 50.0%, 累计 1 家次, 1 家.
    const summary = admin.getByRole('region', { name: '各年度推荐与认定情况' });
    await expect.poll(() => summary.locator('tbody tr').first().locator('th, td').allTextContents()).toEqual(['2021年', '国家级', '2', '1', '50.0%', '1', '1']);
    // Filters: year, level, and the status here.
    const list = admin.getByRole('region', { name: /^推荐与认定记录\(/ });
    await expect.poll(() => list.locator('tbody tr').count()).toBe(2);
    await admin.getByLabel('状态', { exact: true }).selectOption('designated');
    await expect.poll(() => list.locator('tbody tr').count()).toBe(1);
    expect(await list.textContent()).toMatch(/长沙科技新城.*工信部企业函〔2021〕88号/);
    await admin.getByLabel('年度', { exact: true }).selectOption('2021');
    await expect.poll(() => admin.evaluate(() => location.hash)).toBe('#/designations?year=2021&status=designated');
    await shot(admin, 'designations-desktop');

    const phone = await newPage(PHONE);
    await phone.goto(url + '/');
    await phone.evaluate((t) => sessionStorage.setItem('tongbao.token', t), ADMIN);
    await phone.goto(`${url}/#/designations`);
    await phone.getByRole('heading', { level: 1, name: '示范基地认定' }).waitFor();
    await phone.getByRole('region', { name: '各年度推荐与认定情况' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(phone, 'designations-phone');

    // A city user reads its own bases' designations, without the form.
    const city = await newPage();
    await signIn(city, cityToken);
    await go(city, '#/designations', '示范基地认定');
    await expect.poll(() => city.getByRole('region', { name: /^推荐与认定记录\(/ }).textContent()).toMatch(/株洲动力谷基地/);
    expect(await city.getByRole('region', { name: /^推荐与认定记录\(/ }).textContent()).not.toMatch(/长沙科技新城/);
    expect(await city.getByRole('button', { name: '保存认定信息' }).count()).toBe(0);

    // The base moves to 湘潭市 from 2021Q1: the 生效期 appears only once city (or county…) changes.
    await go(admin, '#/bases', '基地名录');
    await admin.getByRole('button', { name: '编辑 长沙科技新城' }).click();
    expect(await admin.getByLabel('生效期').isVisible()).toBe(false);
    await admin.getByLabel('所属市州').selectOption('湘潭市');
    await admin.getByLabel('所属县市区').fill('岳塘区');
    await admin.getByLabel('生效期').waitFor();
    expect(await admin.getByLabel('生效期').inputValue()).toMatch(/^\d{4}Q[1-4]$/);
    expect(await admin.locator('#b-effectiveFrom-hint').textContent()).toMatch(/此前各期的统计口径不变/);
    await admin.getByLabel('生效期').fill('2021q1');
    await shot(admin, 'registry-move-desktop');
    await admin.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => admin.locator('form.base-form .status-line').textContent()).toBe('已保存基地「长沙科技新城」,变更自2021年一季度起生效');
    const stored = (await api('GET', '/api/bases/csxc-01')).body;
    expect(stored).toMatchObject({ city: '湘潭市', county: '岳塘区' });
    expect(stored.history).toEqual([
      { from: null, attrs: { city: '长沙市', county: '岳麓区', level: 'national', cohort: '第一批' } },
      { from: '2021Q1', attrs: { city: '湘潭市', county: '岳塘区', level: 'national', cohort: '第一批' } },
    ]);
    expect(stored.designations['2021-national']).toMatchObject({ status: 'designated', document: '工信部企业函〔2021〕88号' });

    // The base's page: its history and its designations.
    await go(admin, '#/bases/csxc-01', '长沙科技新城');
    const history = admin.getByRole('region', { name: '登记信息变更记录', exact: true });
    await expect.poll(() => history.locator('tbody tr').count()).toBe(2);
    expect(await history.locator('tbody tr').nth(0).locator('th, td').allTextContents()).toEqual([
      '登记时起',
      '至2020年四季度',
      '长沙市',
      '岳麓区',
      '国家级',
      '第一批',
    ]);
    expect(await history.locator('tbody tr').nth(1).locator('th, td').allTextContents()).toEqual([
      '2021年一季度起',
      '至今',
      '湘潭市',
      '岳塘区',
      '国家级',
      '第一批',
    ]);
    const designations = admin.getByRole('region', { name: '示范基地认定情况', exact: true });
    expect(await designations.locator('tbody tr').first().locator('th, td').allTextContents()).toEqual([
      '2021年',
      '国家级',
      '已认定',
      '工信部企业函〔2021〕88号',
      '湖南省工业和信息化厅',
    ]);
    await shot(admin, 'base-history-desktop');
    await phone.goto(`${url}/#/bases/csxc-01`);
    await phone.getByRole('heading', { level: 1, name: '长沙科技新城' }).waitFor();
    await phone.getByRole('region', { name: '登记信息变更记录', exact: true }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(phone, 'base-history-phone');
    console.log(`[web-e2e] designations and registry history: ${Date.now() - t0} ms`);
  }, 150_000);

  it('made no request to another origin and logged no script errors', () => {
    expect(e2e.foreignRequests).toEqual([]);
    expect(e2e.pageErrors).toEqual([]);
  });
});
