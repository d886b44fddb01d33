/**
 * The race widget's loss chart: loss against step on a log axis, one line per optimizer, each cut
 * at its divergence (divergence.ts) so the axis stays finite. The y range in use is written to the
 * host's data-y-min / data-y-max (the browser tests read it).
 */
import type uPlot from 'uplot';
import { axis, logAxis, logRange, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import type { Divergence } from './divergence.js';
import { lastShown } from './divergence.js';
import type { OptId, Path } from './model.js';

export function raceLossChart(host: HTMLElement, optimizers: OptId[], colour: (t: Record<string, string>, id: OptId) => string) {
  let chart: ThemedPlot | null = null;
  const data = (paths: Map<OptId, Path>, divs: Map<OptId, Divergence | null>, k: number, steps: number): uPlot.AlignedData => {
    const xs = Array.from({ length: steps + 1 }, (_, i) => i);
    const lines = optimizers.map((id) => {
      const p = paths.get(id);
      const last = p ? lastShown(p, k, divs.get(id) ?? null) : -1;
      return xs.map((i) => {
        const L = p?.losses[i];
        // the loss at the cut itself passed the threshold: the line ends one step before it
        return i <= last && L !== undefined && Number.isFinite(L) && L > 0 && !(divs.get(id)?.step === i) ? L : null;
      });
    });
    return [xs, ...lines] as uPlot.AlignedData;
  };
  const build = (d: uPlot.AlignedData) =>
    themedPlot(
      host,
      (t, width) => ({
        width,
        height: 170,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false }, y: { distr: 3, range: logRange() } },
        axes: [axis(t, { label: 'step', labelSize: 16 }), logAxis(t, { size: 52, label: 'loss', labelSize: 16 })],
        series: [{}, ...optimizers.map((id) => ({ stroke: colour(t as Record<string, string>, id), width: 1.5, spanGaps: false, points: { show: false } }))],
        hooks: {
          setScale: [
            (u: uPlot, key: string) => {
              if (key !== 'y') return;
              host.dataset.yMin = String(u.scales.y!.min);
              host.dataset.yMax = String(u.scales.y!.max);
            },
          ],
        },
      }),
      d,
    );
  return {
    show(paths: Map<OptId, Path>, divs: Map<OptId, Divergence | null>, k: number, steps: number) {
      const d = data(paths, divs, k, steps);
      if (!chart) chart = build(d);
      else chart.setData(d);
    },
    destroy: () => chart?.destroy(),
  };
}
