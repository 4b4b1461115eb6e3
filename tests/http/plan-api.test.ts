// The upgrade pipeline through the real server process, on DuckDB and on a
// real influxd: an operator moves upgrades through their states over REST
// (a viewer is refused, on REST and on the socket), the server restarts, and
// the states and the audit trail are still there; the ordered upgrade is a
// step in its breakpoint and the delivered one has raised its limit with the
// delivery as evidence.
import { io as connect } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlanAuditResponse, PlanDelta, PlanResponse, PlanRow, PlanState } from '../../server/http/api-types/plan.ts'
import { applyPlanDelta } from '../../client/src/composables/plan-state.ts'
import type { CapacitySnapshot } from '../../server/capacity/snapshot/types.ts'
import { influxdBinary, startInfluxd, type RunningInfluxd } from '../support/influxd.ts'
import { startServer, type RunningServer } from '../support/server.ts'
import { unpack } from '../support/packed.ts'
import { waitFor } from '../support/services.ts'

const OPERATOR = 'plan-operator-secret'
const VIEWER = 'plan-viewer-secret'
const DAY = 86_400_000
const day = (offset: number): string => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10)
const PDP = 'ggsn-north.pdp-contexts.pdp-licence-plus-1m'
const LICENCE = 'sm2m.licence-tps.licence-uplift-to-450-tps'

function planScenario(kind: 'duckdb' | 'influxdb', influx: () => RunningInfluxd | null): void {
  describe(`upgrade pipeline over REST on ${kind}`, () => {
    let server: RunningServer
    const call = (token: string, method: string, path: string, body?: unknown) =>
      fetch(server.url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    const json = async <T>(path: string): Promise<T> => {
      const res = await call(VIEWER, 'GET', path)
      expect(res.status, path).toBe(200)
      return (await res.json()) as T
    }
    const move = async (id: string, action: string, body: unknown = {}): Promise<PlanRow> => {
      const res = await call(OPERATOR, 'POST', `/api/plan/${id}/${action}`, body)
      expect(res.status, `${action} ${id}: ${await res.clone().text()}`).toBe(200)
      return (await res.json()) as PlanRow
    }
    const row = async (id: string): Promise<PlanRow | undefined> =>
      (await json<PlanResponse>('/api/plan')).rows.find((r) => r.id === id)

    beforeAll(async () => {
      const db = influx()
      server = await startServer({
        backfillDays: 2,
        token: VIEWER,
        env: {
          HEADROOM_OPERATOR_TOKEN: OPERATOR,
          HEADROOM_VIEWER_TOKEN: VIEWER,
          ...(db ? { HEADROOM_INFLUX_URL: db.url.replace(/\/[^/]+$/, `/plan_${Date.now()}`) } : {}),
        },
        startTimeoutMs: 90_000,
      })
    }, 120_000)
    afterAll(async () => {
      await server?.dispose()
    })

    it('refuses a viewer on REST and on the socket, with the role it needs', async () => {
      const res = await call(VIEWER, 'POST', `/api/plan/${PDP}/propose`, {})
      expect(res.status).toBe(403)
      expect(((await res.json()) as { error: string }).error).toMatch(/POST \/api\/plan\/.+\/propose needs the operator role/)
      const socket = connect(server.url, { auth: { token: VIEWER }, transports: ['websocket'] })
      try {
        const ack = (await socket.timeout(10_000).emitWithAck('moveUpgrade', { id: PDP, action: 'propose' })) as {
          ok: boolean
          error?: string
        }
        expect(ack).toEqual({
          ok: false,
          error: 'moveUpgrade needs the operator role; your token is "env:viewer" with role viewer.',
        })
      } finally {
        socket.disconnect()
      }
      expect((await row(PDP))?.state).toBeNull()
    })

    it('moves upgrades proposed → approved → ordered → delivered with the operator token, refusing moves out of order', async () => {
      expect((await move(PDP, 'propose')).state).toBe('proposed')
      const early = await call(OPERATOR, 'POST', `/api/plan/${PDP}/order`, {
        owner: 'Ann',
        reference: 'PO-1',
        expectedDelivery: day(20),
      })
      expect(early.status).toBe(409)
      expect(((await early.json()) as { error: string }).error).toContain('it is proposed; possible now: approve, cancel')
      expect((await move(PDP, 'approve', { note: 'budget agreed' })).state).toBe('approved')
      const noRef = await call(OPERATOR, 'POST', `/api/plan/${PDP}/order`, { owner: 'Ann', expectedDelivery: day(20) })
      expect(noRef.status).toBe(400)
      expect(((await noRef.json()) as { error: string }).error).toContain('needs a reference')
      const ordered = await move(PDP, 'order', { owner: 'Ann Example', reference: 'PO-4711', expectedDelivery: day(20) })
      expect(ordered).toMatchObject({ state: 'ordered', owner: 'Ann Example', reference: 'PO-4711', expectedDelivery: day(20) })

      await move(LICENCE, 'propose')
      await move(LICENCE, 'approve')
      await move(LICENCE, 'order', { owner: 'Bob', reference: 'CHG-9', expectedDelivery: day(3) })
      const delivered = await move(LICENCE, 'deliver', { deliveredOn: day(0), source: 'vendor', note: 'certificate LC-0520' })
      expect(delivered).toMatchObject({ state: 'delivered', deliveredOn: day(0), evidence: { source: 'vendor', date: day(0) } })
    })

    it('pushes what a move changed to open sockets: applied to the fetched plan it gives the plan fetched after', async () => {
      const socket = connect(server.url, { auth: { token: VIEWER }, transports: ['websocket'] })
      const pushes: PlanDelta[] = []
      socket.on('upgradePlan', (payload: unknown) => pushes.push(unpack<PlanDelta>(payload)))
      try {
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
        const before = await json<PlanState>('/api/plan')
        const other = before.rows.find((r) => r.state === null && r.id !== PDP && r.id !== LICENCE)
        expect(other, 'an upgrade not yet moved').toBeDefined()
        await move((other as PlanRow).id, 'propose')
        await waitFor(
          'the plan push',
          async () => pushes.some((p) => p.rows.some((r) => r.id === other?.id && r.state === 'proposed')),
          15_000,
        )
        const after = await json<PlanState>('/api/plan')
        // Engine passes may push too: every delta from the fetched version on, in order, as the browser applies them.
        let held: PlanState | 'gap' | 'stale' = before
        for (const delta of pushes.filter((p) => p.seq > before.seq && p.seq <= after.seq)) {
          held = applyPlanDelta(held as PlanState, delta)
          expect(held, `delta ${delta.base} -> ${delta.seq}`).toBeTypeOf('object')
        }
        expect(held).toEqual(after)
      } finally {
        socket.disconnect()
      }
    })

    it('keeps every state and the audit trail across a restart', async () => {
      const before = await json<PlanAuditResponse>(`/api/plan/audit?id=${PDP}`)
      expect(before.entries.map((e) => [e.action, e.actor, e.role])).toEqual([
        ['order', 'env:operator', 'operator'],
        ['approve', 'env:operator', 'operator'],
        ['propose', 'env:operator', 'operator'],
      ])
      await server.restart()
      expect(await row(PDP)).toMatchObject({
        state: 'ordered',
        owner: 'Ann Example',
        reference: 'PO-4711',
        expectedDelivery: day(20),
      })
      expect((await row(LICENCE))?.state).toBe('delivered')
      const after = await json<PlanAuditResponse>(`/api/plan/audit?id=${PDP}`)
      expect(after.entries).toEqual(before.entries)
      expect(after.entries[0]?.detail).toMatchObject({
        from: 'approved',
        to: 'ordered',
        reference: 'PO-4711',
        expectedDelivery: day(20),
      })
      expect((await json<PlanAuditResponse>(`/api/plan/audit?id=${LICENCE}`)).entries.map((e) => e.action)).toEqual([
        'deliver',
        'order',
        'approve',
        'propose',
      ])
    })

    it('after the restart the engine steps the ordered breakpoint and the delivered limit carries its evidence', async () => {
      let snapshot: CapacitySnapshot | null = null
      await waitFor(
        'an engine verdict with the plan',
        async () => {
          snapshot = await json<CapacitySnapshot>('/api/snapshot')
          const pdp = snapshot.applications.find((a) => a.id === 'ggsn-north')?.metrics.find((m) => m.metric === 'pdp-contexts')
          return pdp?.engine?.plan !== undefined && pdp.engine.plan !== null
        },
        90_000,
      )
      const metric = (app: string, id: string) =>
        snapshot!.applications.find((a) => a.id === app)!.metrics.find((m) => m.metric === id)!
      // The licence (3.5M) binds; +1M takes it past the 4.2M memory ceiling (2.1M on a half-size rig), which binds next.
      expect(metric('ggsn-north', 'pdp-contexts').engine?.plan?.steps).toEqual([
        { id: PDP, name: 'PDP licence +1M', adds: 1_000_000, from: day(20), breakpoint: 4_200_000 },
      ])
      const licence = metric('sm2m', 'licence-tps')
      expect(licence.breakpoint).toBe(450)
      expect(licence.limitName).toBe('SM2M transaction licence + Licence uplift to 450 TPS')
      expect(licence.engine?.evidence).toMatchObject({ source: 'vendor', date: day(0), ageDays: 0 })
    })

    it('exports the plan as CSV with one line per option and the states', async () => {
      const res = await call(VIEWER, 'GET', '/api/plan?format=csv')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="headroom-plan-\d{4}-\d{2}-\d{2}\.csv"/)
      const lines = (await res.text()).trim().split('\n')
      expect(lines[0]).toBe(
        'id,app,metric,option,state,adds,unit,cost,owner,reference,expected_delivery,counts_from,delivered_on,delivery_rag,days_late,days_overdue,p90_breach_with_plan,p90_breach_without,rank,updated_at,updated_by,note',
      )
      expect(lines.find((l) => l.startsWith(`${PDP},`))).toContain(
        `,ordered,1000000,contexts,180000,Ann Example,PO-4711,${day(20)},${day(20)},`,
      )
      expect(lines.find((l) => l.startsWith(`${LICENCE},`))).toContain(',delivered,')
      const options = (await json<PlanResponse>('/api/plan')).rows.length
      expect(lines).toHaveLength(options + 1)
    })
  })
}

planScenario('duckdb', () => null)

describe.skipIf(!influxdBinary.path)('on a real influxd', () => {
  let influxd: RunningInfluxd | null = null
  beforeAll(async () => {
    influxd = await startInfluxd()
  }, 60_000)
  afterAll(async () => {
    await influxd?.stop()
  })
  planScenario('influxdb', () => influxd)
})
