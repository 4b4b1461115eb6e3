// Registers only the chart.js parts the metric charts use (line charts on
// a linear time axis), keeping the bundle small. Import this module, not
// 'chart.js/auto'.
import { Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js'

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip)

export { Chart }

/** Reads a theme colour from the CSS variables, so charts follow the theme. */
export function cssColour(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  return value || fallback
}
