/**
 * Choosing what to learn and how: the target column (the kind follows from it, as in the CLI:
 * data.targetKind), the feature columns (numeric ones only), and the network and its training,
 * all with the guide's standard controls (lib/controls.ts).
 */
import { data, models } from 'groundup';
import { select, slider, toggle } from '../../lib/controls.js';
import { h } from '../../lib/dom.js';
import { DEFAULT_SETTINGS, type Settings } from './protocol.js';

export interface SetupView {
  el: HTMLElement;
  /** The settings as chosen now, or a reason they cannot be trained. */
  read(): { ok: true; settings: Settings } | { ok: false; why: string };
  /** Puts settings (from a loaded model file) into the controls. */
  apply(s: Settings): void;
}

const pairs = <T extends string | number>(vs: readonly T[]) => vs.map((v) => [String(v), String(v)] as [string, string]);

/** The network and training controls (right column): read into settings, and set from them. */
function modelControls(d: Pick<Settings, 'layers' | 'hidden' | 'activation' | 'optimizer' | 'lr' | 'epochs' | 'testSplit'>, changed: () => void) {
  const layers = slider('hidden layers', 'layers', { min: 0, max: 4, step: 1, value: d.layers }, changed);
  const hidden = select('units per layer', 'hidden', pairs([4, 8, 16, 32, 64, 128]), String(d.hidden), changed);
  const act = select('activation', 'activation', pairs(models.MLP_ACTIVATIONS), d.activation, changed);
  const opt = select('optimizer', 'optimizer', [['adam', 'Adam'], ['sgd', 'SGD + momentum 0.9']], d.optimizer, changed);
  const lr = select('learning rate', 'lr', pairs([0.001, 0.003, 0.01, 0.03, 0.1]), String(d.lr), changed);
  const epochs = select('epochs', 'epochs', pairs([10, 30, 100, 300, 1000]), String(d.epochs), changed);
  const split = select('held out for testing', 'testSplit', [['0.1', '10 %'], ['0.2', '20 %'], ['0.3', '30 %'], ['0.5', '50 %']], String(d.testSplit), changed);
  return {
    el: h('div', { class: 'data-model' }, layers.row, hidden.row, act.row, opt.row, lr.row, epochs.row, split.row),
    read: () => ({
      layers: Number(layers.input.value),
      hidden: Number(hidden.input.value),
      activation: act.input.value as models.MlpActivation,
      optimizer: opt.input.value as 'adam' | 'sgd',
      lr: Number(lr.input.value),
      epochs: Number(epochs.input.value),
      testSplit: Number(split.input.value),
    }),
    apply(st: Settings) {
      layers.set(st.layers);
      for (const [c, v] of [[hidden, st.hidden], [act, st.activation], [opt, st.optimizer], [lr, st.lr], [epochs, st.epochs], [split, st.testSplit]] as const) {
        // a value the menu lacks (a CLI file's 24 units) is added to it
        if (![...c.input.options].some((o) => o.value === String(v))) c.input.append(h('option', { value: String(v) }, String(v)));
        (c.set as (v: string) => void)(String(v));
      }
    },
  };
}

/** The feature checkboxes: every column but the target, usable when numeric with no empty cell. */
function featurePicker(cols: data.CSVSummary['columns'], saved: Partial<Settings>, changed: () => void) {
  const box = h('fieldset', { class: 'data-features', 'data-features': '' }, h('legend', null, 'features'));
  const checks = new Map<string, ReturnType<typeof toggle>>();
  return {
    el: box,
    build(target: string, chosen = saved.features) {
      box.replaceChildren(h('legend', null, 'features'));
      checks.clear();
      for (const c of cols) {
        if (c.name === target) continue;
        const usable = c.type === 'number' && c.missing === 0;
        const t = toggle(`${c.name}${usable ? '' : c.type === 'text' ? ' (text)' : ' (has empty cells)'}`, `feature-${c.index}`, usable && (chosen ? chosen.includes(c.name) : true), changed);
        t.input.disabled = !usable;
        t.input.dataset.feature = c.name;
        checks.set(c.name, t);
        box.append(t.row);
      }
    },
    read: () => [...checks].filter(([, t]) => t.input.checked && !t.input.disabled).map(([n]) => n),
    apply(features: string[]) {
      for (const [n, t] of checks) t.set(features.includes(n));
    },
  };
}

export function setupView(s: data.CSVSummary, saved: Partial<Settings>, onChange: (s: Partial<Settings>) => void): SetupView {
  const cols = s.columns;
  const d = { ...DEFAULT_SETTINGS, ...saved };
  // a good first guess for the target: a saved choice, else the last text column, else the last column
  let target = cols.find((c) => c.name === saved.target)?.name ?? [...cols].reverse().find((c) => c.type === 'text')?.name ?? cols.at(-1)!.name;
  const kindNote = h('p', { class: 'data-kind', 'data-kind': '' });
  const features = featurePicker(cols, saved, () => changed());
  const model = modelControls(d, () => changed());
  const kindSel = select('kind', 'kind', [['auto', 'from the target'], ['classification', 'classification'], ['regression', 'regression']], (saved.kind as string) ?? 'auto', () => (showKind(), changed()));
  const kindOf = (): data.TargetKind => (kindSel.input.value === 'auto' ? data.targetKind(cols.find((c) => c.name === target)!) : (kindSel.input.value as data.TargetKind));
  const showKind = () => {
    const c = cols.find((cc) => cc.name === target)!;
    kindNote.textContent =
      kindOf() === 'classification'
        ? `Classification into ${c.distinct > 1000 ? 'over 1000' : c.distinct} classes (${c.type === 'text' ? 'text labels' : `whole numbers, at most ${data.MAX_INTEGER_CLASSES} distinct`}).`
        : 'Regression: the network predicts the number (mean squared error on the standardised target).';
  };
  const targetSel = select('target column', 'target', cols.map((c) => [c.name, c.name] as [string, string]), target, (v) => {
    target = v;
    features.build(target);
    showKind();
    changed();
  });
  const current = (): Settings => ({ target, features: features.read(), kind: kindOf(), ...model.read(), seed: d.seed });
  function changed() {
    onChange({ ...current(), kind: kindSel.input.value === 'auto' ? undefined : kindOf() } as Partial<Settings>);
  }
  features.build(target);
  showKind();
  const el = h(
    'section',
    { class: 'data-setup', 'aria-labelledby': 'data-setup-h' },
    h('h2', { id: 'data-setup-h' }, '2. What to learn, and how'),
    h('div', { class: 'data-setup-grid' }, h('div', null, targetSel.row, kindSel.row, kindNote, features.el), model.el),
  );
  return {
    el,
    read() {
      const st = current();
      try {
        data.checkTarget(cols.find((c) => c.name === st.target)!, st.kind);
      } catch (e) {
        return { ok: false, why: (e as Error).message.replace(/^checkTarget: /, '') };
      }
      if (st.features.length === 0) return { ok: false, why: 'choose at least one numeric feature column' };
      return { ok: true, settings: st };
    },
    apply(st) {
      target = st.target;
      targetSel.set(st.target);
      features.build(st.target);
      features.apply(st.features);
      kindSel.set(st.kind);
      model.apply(st);
      showKind();
    },
  };
}
