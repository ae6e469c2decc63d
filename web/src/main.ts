/// <reference lib="dom" />
// The web pages: sign-in with a token, then the views of the signed-in role. Routing uses the
// URL fragment (#/…), so every page is served by the one index.html.

import './zod-setup';
import { api, session, setUnauthorizedHandler } from './api';
import { clear, h } from './dom';
import { clearAllDrafts } from './draft-store';
import { ROLE_LABELS } from './format';
import { BASES, CARRIERS, PLATFORMS, type ProgramDesc } from './programs';
import { isNationalDeployment, loadProvince, province, provinceLoaded } from './province';
import { type Ctx, errorText, type Me, notice, type Role, type View } from './ui';
import { apiDocsView } from './views/api-docs';
import { basePeriodsView, carrierPeriodsView, platformPeriodsView } from './views/base-periods';
import { bulletinsView } from './views/bulletins';
import { carrierFilingFormView } from './views/carrier-form';
import { carrierPlanView, carrierRegistryView } from './views/carrier-registry';
import { carrierBulletinsView, carrierDashboardView, carrierTotalsView } from './views/carrier-reports';
import { dashboardView } from './views/dashboard';
import { designationsView } from './views/designations';
import { filingFormView, platformFilingFormView } from './views/filing-form';
import { carrierFilingView, filingView, platformFilingView } from './views/filing-view';
import { loginView } from './views/login';
import { passwordView } from './views/password';
import { divisionsView, platformPlansView, platformRegistryView } from './views/platform-registry';
import { platformBulletinsView, platformDashboardView, platformTotalsView } from './views/platform-reports';
import { printView } from './views/print';
import { registryView } from './views/registry';
import { carrierReviewView, platformReviewView, reviewView } from './views/review';
import { carrierSchedulesView, platformSchedulesView, schedulesView } from './views/schedules';
import { tokensView } from './views/tokens';
import { totalsView } from './views/totals';
import { trendView } from './views/trend';
import './styles.css';

interface Route {
  pattern: string;
  roles: Role[];
  view: View;
  title: string;
}

const ROUTES: Route[] = [
  { pattern: '/periods', roles: ['base'], view: basePeriodsView, title: '我的填报' },
  { pattern: '/filing/:id/:period', roles: ['base', 'admin'], view: filingFormView, title: '填报' },
  { pattern: '/view/:id/:period', roles: ['admin', 'city', 'base'], view: filingView, title: '报表' },
  { pattern: '/print/:baseId/:period', roles: ['admin', 'city', 'base'], view: printView, title: '打印' },
  { pattern: '/dashboard', roles: ['admin', 'city'], view: dashboardView, title: '报送情况' },
  { pattern: '/review', roles: ['admin'], view: reviewView, title: '审核' },
  // Two-level review (TWO_LEVEL_REVIEW, per program): a city's 初审 of its own filers' submissions.
  { pattern: '/precheck', roles: ['city'], view: reviewView, title: '初审' },
  { pattern: '/totals', roles: ['admin', 'city'], view: totalsView, title: '汇总数据' },
  { pattern: '/trend', roles: ['admin', 'city'], view: trendView, title: '趋势' },
  { pattern: '/bulletins', roles: ['admin', 'city'], view: bulletinsView, title: '通报下载' },
  { pattern: '/bases', roles: ['admin', 'city'], view: registryView, title: '基地名录' },
  { pattern: '/bases/:id', roles: ['admin', 'city'], view: basePeriodsView, title: '基地填报情况' },
  { pattern: '/designations', roles: ['admin', 'city'], view: designationsView, title: '示范基地认定' },
  { pattern: '/schedules', roles: ['admin'], view: schedulesView, title: '填报期' },
  { pattern: '/tokens', roles: ['admin'], view: tokensView, title: '令牌' },
  { pattern: '/password', roles: ['admin', 'city', 'base', 'platform', 'carrier'], view: passwordView, title: '修改密码' },
  // The OpenAPI description as a page (issue 17): linked from the footer.
  { pattern: '/api-docs', roles: ['admin', 'city', 'base', 'platform', 'carrier'], view: apiDocsView, title: '接口说明' },
  // 窗口平台 (SPEC §9): the platform's own pages, and the program's pages for admin and city.
  { pattern: '/my-platform', roles: ['platform'], view: platformPeriodsView, title: '我的填报' },
  { pattern: '/platform-filing/:id/:period', roles: ['platform', 'admin', 'city'], view: platformFilingFormView, title: '平台填报' },
  { pattern: '/platform-view/:id/:period', roles: ['platform', 'admin', 'city'], view: platformFilingView, title: '平台报表' },
  { pattern: '/platforms', roles: ['admin', 'city'], view: platformRegistryView, title: '平台名录' },
  { pattern: '/platforms/:id', roles: ['admin', 'city'], view: platformPeriodsView, title: '平台填报情况' },
  { pattern: '/platform-plans', roles: ['admin'], view: platformPlansView, title: '建设计划' },
  { pattern: '/divisions', roles: ['admin'], view: divisionsView, title: '县市区名录' },
  { pattern: '/platform-dashboard', roles: ['admin', 'city'], view: platformDashboardView, title: '平台报送情况' },
  { pattern: '/platform-review', roles: ['admin'], view: platformReviewView, title: '平台审核' },
  { pattern: '/platform-precheck', roles: ['city'], view: platformReviewView, title: '平台初审' },
  { pattern: '/platform-totals', roles: ['admin', 'city'], view: platformTotalsView, title: '平台汇总' },
  { pattern: '/platform-bulletins', roles: ['admin', 'city'], view: platformBulletinsView, title: '平台通报下载' },
  { pattern: '/platform-schedules', roles: ['admin'], view: platformSchedulesView, title: '平台填报期' },
  // 双创特色载体 (SPEC §10): the carrier's own pages, and the program's pages for admin and city.
  { pattern: '/my-carrier', roles: ['carrier'], view: carrierPeriodsView, title: '我的填报' },
  { pattern: '/my-plan', roles: ['carrier'], view: carrierPlanView, title: '绩效目标计划' },
  { pattern: '/carrier-filing/:id/:period', roles: ['carrier', 'admin', 'city'], view: carrierFilingFormView, title: '载体填报' },
  { pattern: '/carrier-view/:id/:period', roles: ['carrier', 'admin', 'city'], view: carrierFilingView, title: '载体报表' },
  { pattern: '/carrier-plan/:id', roles: ['carrier', 'admin', 'city'], view: carrierPlanView, title: '绩效目标计划' },
  { pattern: '/carriers', roles: ['admin', 'city'], view: carrierRegistryView, title: '载体名录' },
  { pattern: '/carriers/:id', roles: ['admin', 'city'], view: carrierPeriodsView, title: '载体填报情况' },
  { pattern: '/carrier-dashboard', roles: ['admin', 'city'], view: carrierDashboardView, title: '载体报送情况' },
  { pattern: '/carrier-review', roles: ['admin'], view: carrierReviewView, title: '载体审核' },
  { pattern: '/carrier-precheck', roles: ['city'], view: carrierReviewView, title: '载体初审' },
  { pattern: '/carrier-totals', roles: ['admin', 'city'], view: carrierTotalsView, title: '载体汇总' },
  { pattern: '/carrier-bulletins', roles: ['admin', 'city'], view: carrierBulletinsView, title: '载体通报下载' },
  { pattern: '/carrier-schedules', roles: ['admin'], view: carrierSchedulesView, title: '载体填报期' },
];

const NAV: Record<Role, Array<{ href: string; label: string }>> = {
  base: [{ href: '#/periods', label: '我的填报' }],
  platform: [{ href: '#/my-platform', label: '我的填报' }],
  carrier: [
    { href: '#/my-carrier', label: '我的填报' },
    { href: '#/my-plan', label: '绩效目标计划' },
  ],
  city: [
    { href: '#/dashboard', label: '报送情况' },
    { href: '#/totals', label: '汇总数据' },
    { href: '#/trend', label: '趋势' },
    { href: '#/bulletins', label: '通报下载' },
    { href: '#/bases', label: '基地名录' },
    { href: '#/designations', label: '示范基地认定' },
  ],
  admin: [
    { href: '#/dashboard', label: '报送情况' },
    { href: '#/review', label: '审核' },
    { href: '#/totals', label: '汇总数据' },
    { href: '#/trend', label: '趋势' },
    { href: '#/bulletins', label: '通报下载' },
    { href: '#/bases', label: '基地名录' },
    { href: '#/designations', label: '示范基地认定' },
    { href: '#/schedules', label: '填报期' },
    { href: '#/tokens', label: '令牌' },
  ],
};

/** The second program's pages: a navigation of their own, so the bases' stays as it was. */
const PLATFORM_NAV: Partial<Record<Role, Array<{ href: string; label: string }>>> = {
  city: [
    { href: '#/platform-dashboard', label: '平台报送情况' },
    { href: '#/platform-totals', label: '平台汇总' },
    { href: '#/platform-bulletins', label: '平台通报下载' },
    { href: '#/platforms', label: '平台名录' },
  ],
  admin: [
    { href: '#/platform-dashboard', label: '平台报送情况' },
    { href: '#/platform-review', label: '平台审核' },
    { href: '#/platform-totals', label: '平台汇总' },
    { href: '#/platform-bulletins', label: '平台通报下载' },
    { href: '#/platforms', label: '平台名录' },
    { href: '#/platform-plans', label: '建设计划' },
    { href: '#/divisions', label: '县市区名录' },
    { href: '#/platform-schedules', label: '平台填报期' },
  ],
};

/** The third program's pages (双创特色载体). */
const CARRIER_NAV: Partial<Record<Role, Array<{ href: string; label: string }>>> = {
  city: [
    { href: '#/carrier-dashboard', label: '载体报送情况' },
    { href: '#/carrier-totals', label: '载体汇总' },
    { href: '#/carrier-bulletins', label: '载体通报下载' },
    { href: '#/carriers', label: '载体名录' },
  ],
  admin: [
    { href: '#/carrier-dashboard', label: '载体报送情况' },
    { href: '#/carrier-review', label: '载体审核' },
    { href: '#/carrier-totals', label: '载体汇总' },
    { href: '#/carrier-bulletins', label: '载体通报下载' },
    { href: '#/carriers', label: '载体名录' },
    { href: '#/carrier-schedules', label: '载体填报期' },
  ],
};

const home = (me: Me) => (me.role === 'base' ? '#/periods' : me.role === 'platform' ? '#/my-platform' : me.role === 'carrier' ? '#/my-carrier' : '#/dashboard');

function match(pattern: string, path: string): Record<string, string> | null {
  const ps = pattern.split('/');
  const xs = path.split('/');
  if (ps.length !== xs.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < ps.length; i++) {
    if (ps[i]!.startsWith(':')) {
      try {
        params[ps[i]!.slice(1)] = decodeURIComponent(xs[i]!);
      } catch {
        return null;
      }
    } else if (ps[i] !== xs[i]) return null;
  }
  return params;
}

const root = document.getElementById('app')!;
let me: Me | null = null;
let renderSeq = 0;
let liveRegion: HTMLElement | null = null;
let mainEl: HTMLElement | null = null;
let navEls: HTMLElement[] = [];

function announce(message: string) {
  if (!liveRegion) return;
  liveRegion.textContent = '';
  // A separate task so that repeating the same text is announced again.
  setTimeout(() => liveRegion && (liveRegion.textContent = message), 50);
}

function signOut(message?: string) {
  session.clear();
  me = null;
  mainEl = null;
  if (location.hash !== '#/') history.replaceState(null, '', '#/');
  showLogin(message);
}

setUnauthorizedHandler((message) => signOut(message));

/** 退出登录: an account's session is revoked on the server too (an issued token is only forgotten here). */
async function signOutNow() {
  clearAllDrafts();
  const token = session.token;
  if (token) await api('DELETE', '/api/sessions/current', undefined, { token }).catch(() => undefined);
  signOut('已退出登录');
}

function showLogin(message?: string) {
  document.title = '登录 - 创业创新基地数据填报';
  clear(
    root,
    loginView({
      message,
      onSignedIn: (who, opts) => {
        me = who;
        mainEl = null;
        // An admin-set password (initial or reset) is changed first.
        const target = opts?.mustChangePassword ? '#/password?first=1' : location.hash.startsWith('#/') && location.hash !== '#/' ? location.hash : home(who);
        if (location.hash !== target) location.hash = target;
        else void render();
      },
    }),
  );
  root.dataset.state = 'login';
  root.querySelector<HTMLInputElement>('input')?.focus();
}

function shell(who: Me): HTMLElement {
  const skip = h('a', { class: 'skip-link', href: '#main-content' }, '跳到主要内容');
  skip.addEventListener('click', (e) => {
    e.preventDefault();
    mainEl?.focus();
  });
  const navList = (items: Array<{ href: string; label: string }>) =>
    h(
      'ul',
      null,
      items.map((n) => h('li', null, h('a', { href: n.href }, n.label))),
    );
  // With two-level review of a program a city's navigation of it has its 初审 after 报送情况.
  const withPrecheck = (items: Array<{ href: string; label: string }> | undefined, desc: ProgramDesc) =>
    items && who.role === 'city' && who.twoLevelReview?.includes(desc.program)
      ? [items[0]!, { href: desc.precheckHash, label: `${desc.reports.navPrefix}初审` }, ...items.slice(1)]
      : items;
  // A national deployment runs the bases only (the server refuses the other programs there).
  const basesOnly = isNationalDeployment(who);
  const platformNav = basesOnly ? undefined : withPrecheck(PLATFORM_NAV[who.role], PLATFORMS);
  const carrierNav = basesOnly ? undefined : withPrecheck(CARRIER_NAV[who.role], CARRIERS);
  navEls = [
    h('nav', { class: 'nav', 'aria-label': '主导航' }, navList(withPrecheck(NAV[who.role], BASES)!)),
    ...(platformNav
      ? [
          h(
            'nav',
            { class: 'nav nav-program', 'aria-label': '窗口平台' },
            h('div', { class: 'nav-inner' }, h('span', { class: 'nav-title', 'aria-hidden': 'true' }, '窗口平台'), navList(platformNav)),
          ),
        ]
      : []),
    ...(carrierNav
      ? [
          h(
            'nav',
            { class: 'nav nav-program', 'aria-label': '双创特色载体' },
            h('div', { class: 'nav-inner' }, h('span', { class: 'nav-title', 'aria-hidden': 'true' }, '双创特色载体'), navList(carrierNav)),
          ),
        ]
      : []),
  ];
  mainEl = h('main', { id: 'main-content', tabindex: '-1' });
  liveRegion = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const whoText =
    who.role === 'city'
      ? `${who.city} · ${ROLE_LABELS.city}`
      : who.role === 'base'
        ? `${ROLE_LABELS.base} · ${who.baseId}`
        : who.role === 'platform'
          ? `${ROLE_LABELS.platform} · ${who.platformId}`
          : who.role === 'carrier'
            ? `${ROLE_LABELS.carrier} · ${who.carrierId}`
            : ROLE_LABELS.admin;
  return h(
    'div',
    { class: 'shell' },
    skip,
    h(
      'header',
      { class: 'topbar' },
      h(
        'a',
        { class: 'brand', href: home(who) },
        h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '通'),
        h('span', null, who.role === 'platform' ? '窗口平台数据填报' : who.role === 'carrier' ? '双创特色载体绩效填报' : '创业创新基地数据填报与通报'),
      ),
      h(
        'div',
        { class: 'who' },
        who.name !== whoText ? h('span', { class: 'who-name' }, who.name) : null,
        h('span', { class: 'who-role' }, whoText),
        who.account ? h('a', { class: 'button button-quiet', href: '#/password' }, '修改密码') : null,
        h('button', { type: 'button', class: 'button button-quiet', onclick: () => void signOutNow() }, '退出登录'),
      ),
    ),
    navEls,
    mainEl,
    liveRegion,
    h('footer', { class: 'footer' }, [province().department, province().office].filter(Boolean).join(' '), ' · ', h('a', { href: '#/api-docs' }, '接口说明')),
  );
}

async function render(): Promise<void> {
  const seq = ++renderSeq;
  if (!session.token) return showLogin();
  if (!me) {
    try {
      me = (await api<Me>('GET', '/api/me')).data;
    } catch (e) {
      if (seq === renderSeq) signOut(errorText(e));
      return;
    }
    if (seq !== renderSeq) return;
  }
  // The province (its 市州, titles) before any view: the pages name none of their own.
  if (!provinceLoaded()) {
    try {
      await loadProvince();
    } catch (e) {
      if (seq === renderSeq) signOut(errorText(e));
      return;
    }
    if (seq !== renderSeq) return;
  }
  const who = me;
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const [path, qs = ''] = raw.split('?') as [string, string?];
  if (path === '/' || path === '') {
    history.replaceState(null, '', home(who));
    return render();
  }
  if (!mainEl || !root.contains(mainEl)) {
    clear(root, shell(who));
    root.dataset.state = 'app';
  }
  const main = mainEl!;
  for (const a of navEls.flatMap((n) => [...n.querySelectorAll('a')])) {
    const href = a.getAttribute('href')!.slice(1);
    if (path === href || path.startsWith(href + '/')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  let route: Route | undefined;
  let params: Record<string, string> | null = null;
  for (const r of ROUTES) {
    params = match(r.pattern, path);
    if (params) {
      route = r;
      break;
    }
  }
  if (!route || !params) {
    clear(main, notice('warn', '页面不存在', h('p', null, h('a', { href: home(who) }, '返回首页'))));
    return;
  }
  if (!route.roles.includes(who.role)) {
    clear(main, notice('warn', '无权访问该页面', h('p', null, h('a', { href: home(who) }, '返回首页'))));
    return;
  }
  main.setAttribute('aria-busy', 'true');
  const ctx: Ctx = {
    me: who,
    params,
    query: new URLSearchParams(qs),
    go: (hash) => (location.hash = hash),
    setQuery: (q) => history.replaceState(null, '', `#${path}?${new URLSearchParams(q)}`),
    announce,
    alive: () => seq === renderSeq,
  };
  let content: Awaited<ReturnType<View>>;
  try {
    content = await route.view(ctx);
  } catch (e) {
    content = notice('error', '页面加载失败', h('p', null, errorText(e)));
  }
  if (seq !== renderSeq) return;
  main.removeAttribute('aria-busy');
  clear(main, content);
  const h1 = main.querySelector('h1');
  document.title = `${h1?.textContent || route.title} - 创业创新基地数据填报`;
  // Focus the page heading so keyboard and screen-reader users start at the new content.
  (h1 ?? main).focus({ preventScroll: false });
}

window.addEventListener('hashchange', () => void render());
void render();
