// A chart.js plugin (per chart, not registered globally) that draws alert
// markers as vertical lines: solid red where an alert fired, dashed green
// where it resolved, each with a small flag at the top.
import type { Chart, Plugin } from 'chart.js'
import type { AlertMarker } from '../composables/use-alert-markers.ts'
import { cssColour } from './chart-setup.ts'

export function alertMarkersPlugin(markers: () => readonly AlertMarker[]): Plugin<'line'> {
  return {
    id: 'alertMarkers',
    afterDatasetsDraw(chart: Chart<'line'>) {
      const x = chart.scales.x
      const area = chart.chartArea
      if (!x || !area) return
      const ctx = chart.ctx
      ctx.save()
      for (const m of markers()) {
        const px = x.getPixelForValue(m.at)
        if (px < area.left || px > area.right) continue
        const colour = m.kind === 'firing' ? cssColour('--rag-red', '#ff5c57') : cssColour('--rag-green', '#3fb950')
        ctx.strokeStyle = colour
        ctx.fillStyle = colour
        ctx.lineWidth = 2
        ctx.setLineDash(m.kind === 'firing' ? [] : [5, 4])
        ctx.beginPath()
        ctx.moveTo(px, area.top)
        ctx.lineTo(px, area.bottom)
        ctx.stroke()
        ctx.setLineDash([])
        ctx.beginPath()
        ctx.moveTo(px, area.top)
        ctx.lineTo(px + 9, area.top + 5)
        ctx.lineTo(px, area.top + 10)
        ctx.closePath()
        ctx.fill()
      }
      ctx.restore()
    },
  }
}
