// The chart.js parts the bar charts use (peak profile, forecast accuracy),
// registered once; the line-chart parts live in chart-setup.ts.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip)

export { Chart }
