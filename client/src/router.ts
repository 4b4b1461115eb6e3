// Routes and the navigation built from them. Later pages (Wall, Chains,
// Upgrades, Scenarios, Collectors...) slot in here: one route plus one nav
// entry each, lazily loaded so the overview stays quick on a wall screen.
import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import OverviewPage from './pages/OverviewPage.vue'

export interface NavItem {
  to: string
  label: string
}

/** Top navigation, in display order. */
export const navItems: NavItem[] = [
  { to: '/', label: 'Overview' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/chains', label: 'Chains' },
  { to: '/upgrades', label: 'Upgrades' },
  { to: '/scenarios', label: 'Scenarios' },
  { to: '/what-if', label: 'What-if' },
  { to: '/peak-profile', label: 'Peak profile' },
  { to: '/feedback', label: 'Feedback' },
  { to: '/volumetrics', label: 'Volumetrics' },
  { to: '/report', label: 'Report' },
  { to: '/collectors', label: 'Collectors' },
  { to: '/import', label: 'Import' },
  { to: '/wall', label: 'Wall' },
]

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'overview', component: OverviewPage, meta: { title: 'Overview' } },
  {
    path: '/apps/:id',
    name: 'application',
    component: () => import('./pages/ApplicationPage.vue'),
    props: true,
    meta: { title: 'Application' },
  },
  // The wall has no navigation chrome (see App.vue): it runs on a TV.
  { path: '/wall', name: 'wall', component: () => import('./pages/WallPage.vue'), meta: { title: 'Wall', chrome: false } },
  {
    path: '/collectors',
    name: 'collectors',
    component: () => import('./pages/CollectorsPage.vue'),
    meta: { title: 'Collectors' },
  },
  { path: '/alerts', name: 'alerts', component: () => import('./pages/AlertsPage.vue'), meta: { title: 'Alerts' } },
  { path: '/import', name: 'import', component: () => import('./pages/ImportPage.vue'), meta: { title: 'Import' } },
  { path: '/upgrades', name: 'upgrades', component: () => import('./pages/UpgradesPage.vue'), meta: { title: 'Upgrades' } },
  { path: '/chains', name: 'chains', component: () => import('./pages/ChainsPage.vue'), meta: { title: 'Chains' } },
  {
    path: '/chains/:id',
    name: 'chain',
    component: () => import('./pages/ChainsPage.vue'),
    props: true,
    meta: { title: 'Chain' },
  },
  { path: '/scenarios', name: 'scenarios', component: () => import('./pages/ScenariosPage.vue'), meta: { title: 'Scenarios' } },
  { path: '/what-if', name: 'what-if', component: () => import('./pages/WhatIfPage.vue'), meta: { title: 'What-if' } },
  {
    path: '/peak-profile',
    name: 'peak-profile',
    component: () => import('./pages/PeakProfilePage.vue'),
    meta: { title: 'Peak profile' },
  },
  { path: '/feedback', name: 'feedback', component: () => import('./pages/FeedbackPage.vue'), meta: { title: 'Feedback' } },
  {
    path: '/volumetrics',
    name: 'volumetrics',
    component: () => import('./pages/VolumetricsPage.vue'),
    meta: { title: 'Volumetrics' },
  },
  { path: '/report', name: 'report', component: () => import('./pages/ReportPage.vue'), meta: { title: 'Capacity report' } },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { title: 'Not found' },
  },
]

/**
 * A function, not a module-level router: createWebHistory() records the
 * address when it is created, and main.ts must first take ?token= out of it.
 */
export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })
  router.afterEach((to) => {
    const title = typeof to.meta.title === 'string' ? to.meta.title : null
    document.title = title ? `${title} · Headroom` : 'Headroom'
  })
  return router
}
