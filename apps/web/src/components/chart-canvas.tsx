import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../api.js';
import type { ChartSpec } from '../chart.js';
import { ErrorMessage } from './ui.js';

/** A chart.js chart on a canvas, the chart chunk loaded on first use; `label` describes it to screen readers. */
export function ChartCanvas({ spec, label }: { spec: ChartSpec; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    let remove: (() => void) | undefined;
    let live = true;
    import('../chart.js').then(
      ({ drawChart }) => {
        if (!live) return;
        remove = drawChart(target, spec);
        target.dataset.drawn = 'true';
      },
      (e: unknown) => live && setError(`The chart could not be drawn: ${messageOf(e)}`),
    );
    return () => {
      live = false;
      remove?.();
      delete target.dataset.drawn;
    };
  }, [spec]);
  return (
    <>
      {error && <ErrorMessage message={error} />}
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={label} />
      </div>
    </>
  );
}
