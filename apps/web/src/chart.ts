import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

// Only what bar and line charts need, so the chunk stays small.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

export interface ChartSpec {
  readonly kind: 'bar' | 'line';
  readonly labels: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
  /** Bars (or lines) of each label stacked on one another. */
  readonly stacked?: boolean;
}

const COLORS = ['#2458b3', '#c2410c', '#15803d', '#7e22ce', '#0e7490'];

/** Draws a chart on the canvas; returns the function that removes it. */
export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec): () => void {
  const chart = new Chart(canvas, {
    type: spec.kind,
    data: {
      labels: [...spec.labels],
      datasets: spec.series.map((s, i) => ({
        label: s.name,
        data: [...s.values],
        backgroundColor: COLORS[i % COLORS.length],
        borderColor: COLORS[i % COLORS.length],
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      ...(spec.stacked ? { scales: { x: { stacked: true }, y: { stacked: true } } } : {}),
    },
  });
  return () => chart.destroy();
}
