import { startServer } from '../tests/support/server.ts'
const s = await startServer({ backfillDays: 14 })
for (let i = 0; i < 90; i++) {
  const snap = await (await fetch(s.url + '/api/snapshot')).json() as any
  if (snap.engine && snap.engine.pending === 0 && i > 20) break
  await new Promise((r) => setTimeout(r, 1000))
}
const u = await (await fetch(s.url + '/api/upgrades')).json() as any
for (const x of u.upgrades.slice(0, 12)) {
  const f = await (await fetch(s.url + `/api/forecast?app=${x.app}&metric=${x.metric}`)).json() as any
  console.log(x.app, x.metric, 'p90', x.p90Breach, '| model', f.model?.name ?? JSON.stringify(f.model)?.slice(0,80), '| hist', f.history?.length, '| last p90', f.days?.at?.(-1)?.p90, 'bp', f.breakpoint, '|', (f.explanation ?? f.model?.explanation ?? '').slice(0, 160))
}
await s.dispose()
