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
  // { to: '/wall', label: 'Wall' },
  // { to: '/chains', label: 'Chains' },
  // { to: '/upgrades', label: 'Upgrades' },
  // { to: '/scenarios', label: 'Scenarios' },
  // { to: '/collectors', label: 'Collectors' },
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
