import { startServer } from '../tests/support/server.ts'
const s = await startServer({ backfillDays: 14 })
for (let i = 0; i < 60; i++) {
  const r = await fetch(s.url + '/api/scenarios/installs-x3-ggsn-north-lost/run', { method: 'POST' })
  if (r.status === 200) {
    const j = await r.json() as any
    console.log('breaking', j.breaking.length, j.metrics.slice(0, 4).map((m: any) => [m.app, m.metric, m.capacity, m.peak, m.utilisation, m.breach, m.baselineBreach]))
    const u = await (await fetch(s.url + '/api/upgrades')).json() as any
    console.log('upgrades', u.upgrades.slice(0,3).map((x: any) => [x.app, x.metric, x.p90Breach, x.why]))
    const snap = await (await fetch(s.url + '/api/snapshot')).json() as any
    console.log('pending', snap.engine?.pending, snap.applications[0].metrics.slice(0,2).map((m:any)=>[m.metric,m.value,m.peak24h,m.breakpoint, m.engine?.p90Breach, m.engine?.model]))
    break
  }
  await new Promise((r) => setTimeout(r, 1000))
}
await s.dispose()
