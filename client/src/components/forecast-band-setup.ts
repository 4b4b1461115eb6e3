// The Filler plugin draws the forecast's P50–P90 band (a dataset filled to
// the previous one). Registered here, beside the line-chart parts, so pages
// without a forecast do not depend on it being there.
import { Chart, Filler } from 'chart.js'

Chart.register(Filler)
