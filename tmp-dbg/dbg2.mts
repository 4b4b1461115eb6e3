import { startServer } from '../tests/support/server.ts'
const s = await startServer({ backfillDays: 2 })
await new Promise((r) => setTimeout(r, 8000))
const c = await (await fetch(s.url + '/api/collectors')).json() as any
console.log(JSON.stringify(c).slice(0, 600))
const snap = await (await fetch(s.url + '/api/snapshot')).json() as any
console.log(snap.applications.slice(0,3).map((a:any)=>[a.id, a.metrics.length, JSON.stringify(a.metrics.slice(0,2).map((m:any)=>[m.metric,m.value,m.peak24h]))]))
const ser = await (await fetch(s.url + '/api/series?app=sm2m&metric=messages-per-second')).json() as any
console.log('series points', ser.points?.length, JSON.stringify(ser).slice(0,200))
await s.dispose()
