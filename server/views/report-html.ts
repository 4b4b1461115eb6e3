// The capacity report as one self-contained HTML file (inline CSS, no
// script): what `headroom report --out FILE.html` writes and
// GET /api/report?format=html downloads. Laid out for A4 when printed; the
// section titles are the same as on the /report page.
import type { Rag } from '../capacity/snapshot/types.ts'
import type { ReportResponse } from './report-types.ts'

export const REPORT_SECTIONS = [
  'Estate RAG summary',
  'Top risks',
  'Upgrades to order',
  'Forecast accuracy per driver',
  'Limits to re-test',
  'Peak profile of the month',
] as const

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

const pct = (f: number | null): string => (f === null || !Number.isFinite(f) ? '—' : `${Math.round(f * 100)} %`)
const pct1 = (f: number | null): string => (f === null || !Number.isFinite(f) ? '—' : `${(f * 100).toFixed(1)} %`)
const ragWord = (r: Rag): string => (r === 'unknown' ? 'NO DATA' : r.toUpperCase())
const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 })
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })

function table(head: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p class="muted">${escapeHtml(empty)}</p>`
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
}

const rag = (r: Rag): string => `<span class="rag ${r}">${ragWord(r)}</span>`
const slack = (d: number | null): string => (d === null ? '—' : d < 0 ? `${-d} d late` : `${d} d`)

function sections(r: ReportResponse): string[] {
  const e = escapeHtml
  const counts = r.rag.counts
  const ragSection = `<p class="counts">${counts.red} red · ${counts.amber} amber · ${counts.green} green${counts.unknown ? ` · ${counts.unknown} no data` : ''}</p>${table(
    ['Application', 'RAG', 'Tightest metric', 'Peak', 'Why'],
    r.rag.applications.map((a) => [
      e(a.name),
      rag(a.rag),
      e(a.tightest?.name ?? '—'),
      pct(a.tightest?.peakUtilisation ?? null),
      e(a.reason),
    ]),
    'No applications.',
  )}`
  const risks = table(
    ['Metric', 'RAG', 'Peak', 'P50 breach', 'P90 breach', 'Order by', 'Slack'],
    r.risks.map((x) => [
      e(x.label),
      rag(x.rag),
      pct(x.peakUtilisation),
      e(x.p50Breach ?? '—'),
      e(x.p90Breach),
      e(x.orderBy ?? '—'),
      slack(x.slackDays),
    ]),
    'No metric has a forecast breach within the horizon.',
  )
  const upgrades = `<p class="lead">${e(r.upgrades.summary.sentence)}</p>${table(
    ['#', 'Metric', 'Upgrade', 'Order by', 'Slack', 'Lead time', 'Cost', 'Reason'],
    r.upgrades.rows.map((u) => [
      String(u.rank),
      e(u.label),
      e(u.upgrade ?? 'none configured'),
      e(u.orderBy ?? '—'),
      slack(u.slackDays),
      u.leadTimeDays === null ? '—' : `${u.leadTimeDays} d`,
      u.cost === null ? '—' : money.format(u.cost),
      e(u.line),
    ]),
    'No upgrade has a forecast breach to answer.',
  )}`
  const accuracy = table(
    ['Driver', 'Forecast version', 'Days', 'MAPE', 'WAPE', 'Bias'],
    r.accuracy.map((a) => [e(a.driverName), e(a.version), String(a.n), pct1(a.mape), pct1(a.wape), pct1(a.bias)]),
    'No imported forecast overlaps complete days of actuals yet.',
  )
  const retest = table(
    ['Metric', 'Limit', 'Why', 'Detail'],
    r.retest.map((x) => [e(x.label), e(x.limit), e(x.why), e(x.reason)]),
    'Every limit has recent evidence and agrees with the live peaks.',
  )
  const profiles =
    r.peakProfiles.length === 0
      ? '<p class="muted">No flow driver has a month of actuals yet.</p>'
      : r.peakProfiles
          .map((p) => {
            const max = Math.max(...p.slots.map((s) => s.share), 0.0001)
            const bars = p.slots
              .map(
                (s) =>
                  `<span class="bar" style="height:${Math.round((s.share / max) * 100)}%" title="${e(s.start)} ${pct1(s.share)}"></span>`,
              )
              .join('')
            return `<div class="profile"><h3>${e(p.driverName)}</h3><p class="lead">${e(p.peakWindow.start)}–${e(p.peakWindow.end)} carries <strong>${pct(p.peakWindow.share)}</strong> of the daily volume (${whole.format(p.dailyVolume)} a day, ${e(p.from)} to ${e(p.to)})</p><div class="bars" aria-hidden="true">${bars}</div><p class="muted">${e(p.summary)}</p></div>`
          })
          .join('')
  return [ragSection, risks, upgrades, accuracy, retest, profiles]
}

const CSS = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; color: #14181f; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
h1 { font-size: 20pt; margin: 0; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1.5pt solid #14181f; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 3mm 0 1mm; }
section { break-inside: auto; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
th, td { text-align: left; padding: 1mm 1.5mm; border-bottom: 0.5pt solid #cfd6df; vertical-align: top; }
th { font-size: 8pt; text-transform: uppercase; color: #4f5b6a; }
tr { break-inside: avoid; }
.muted { color: #4f5b6a; }
.lead, .counts { font-weight: 600; margin: 1mm 0 2mm; }
.rag { font-weight: 800; }
.rag.red { color: #cf222e; } .rag.amber { color: #8f5f00; } .rag.green { color: #1a7f37; } .rag.unknown { color: #6e7781; }
.bars { display: flex; align-items: flex-end; gap: 0.4mm; height: 18mm; border-bottom: 0.5pt solid #4f5b6a; }
.bar { flex: 1; background: #0a58ca; min-height: 0.3mm; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.profile { break-inside: avoid; }
`

export function renderReportHtml(r: ReportResponse): string {
  const e = escapeHtml
  const body = sections(r)
    .map((html, i) => `<section><h2>${REPORT_SECTIONS[i]}</h2>${html}</section>`)
    .join('\n')
  const notes = r.notes.length
    ? `<section><h2>Notes</h2><ul>${r.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul></section>`
    : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Capacity report · ${e(r.estate)} · ${e(r.asOf)}</title><style>${CSS}</style></head>
<body><header><h1>Capacity report</h1><p class="muted">${e(r.estate)} · as of ${e(r.asOf)}${r.live ? ' (live)' : ''} · generated ${e(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p></header>
${body}
${notes}
</body></html>
`
}
