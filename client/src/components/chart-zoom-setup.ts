// Drag-to-zoom on the history charts (chartjs-plugin-zoom, its drag mode on
// the time axis only). The chart does not keep the plugin's zoom: the page
// asks the server for the dragged window at a finer step, so zooming in on
// a year shows the hours inside it, not the year's 6-hour buckets stretched.
import zoomPlugin from 'chartjs-plugin-zoom'
import { Chart } from 'chart.js'

Chart.register(zoomPlugin)

/** Narrower than this is not a zoom but a click that wobbled. */
export const MIN_ZOOM_MS = 10 * 60_000
