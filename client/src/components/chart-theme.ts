// The option pieces every chart shares: colours read from the theme's CSS
// variables (so a theme switch re-colours axes, grid and legend), the
// value axis with its unit and grouped numbers, and the static-size
// settings. Each chart spreads these and adds only what is its own.
import { formatNumber } from '../format.ts'
import { cssColour } from './chart-setup.ts'

export interface ChartColours {
  /** Tick, axis-title and legend text. */
  text: string
  grid: string
}

/** Read at render time, not import time: the theme may have changed since. */
export function chartColours(): ChartColours {
  return {
    text: cssColour('--text-muted', '#9aa5b4'),
    grid: cssColour('--chart-grid', 'rgba(154,165,180,0.18)'),
  }
}

/** Charts draw without animation and fill their box's CSS height instead of keeping an aspect ratio. */
export const staticChartOptions = { animation: false, responsive: true, maintainAspectRatio: false } as const

/** The y axis: from zero, numbers formatted like the rest of the UI, the unit as its title. */
export function valueAxis(unit: string, colours: ChartColours) {
  return {
    beginAtZero: true,
    ticks: { color: colours.text, callback: (v: number | string): string => formatNumber(Number(v)) },
    grid: { color: colours.grid },
    title: { display: true, text: unit, color: colours.text },
  }
}

/** Legend text in the theme's muted colour; `extra` for box sizes and the like. */
export function legendOptions(colours: ChartColours, extra: { boxHeight?: number; boxWidth?: number } = {}) {
  return { labels: { color: colours.text, ...extra } }
}
