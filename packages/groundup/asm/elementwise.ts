/**
 * Fused f32 elementwise kernels: one pass over memory instead of one per operation.
 */

/**
 * One Adam step over n parameters, in place (Kingma & Ba; weight decay as an L2 term in g, and
 * AdamW's decoupled decay as the factor `shrink` = 1 − lr·λ applied to p first, 1 for none):
 *
 *   p ← shrink·p,  g ← g + wd·p,  m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
 *   p ← p − lr · (m / c1) / (√(v / c2) + ε)       with c1 = 1 − β₁ᵗ, c2 = 1 − β₂ᵗ.
 */
export function adam(p: usize, g: usize, m: usize, v: usize, n: i32, lr: f32, b1: f32, b2: f32, eps: f32, c1: f32, c2: f32, wd: f32, shrink: f32): void {
  const vshrink = f32x4.splat(shrink);
  const vb1 = f32x4.splat(b1), vb1c = f32x4.splat(1 - b1);
  const vb2 = f32x4.splat(b2), vb2c = f32x4.splat(1 - b2);
  const vlr = f32x4.splat(lr / c1), vic2 = f32x4.splat(1 / c2), veps = f32x4.splat(eps), vwd = f32x4.splat(wd);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i * 4;
    const pv = f32x4.mul(v128.load(p + o), vshrink);
    const gv = f32x4.add(v128.load(g + o), f32x4.mul(vwd, pv));
    const mv = f32x4.add(f32x4.mul(vb1, v128.load(m + o)), f32x4.mul(vb1c, gv));
    const vv = f32x4.add(f32x4.mul(vb2, v128.load(v + o)), f32x4.mul(vb2c, f32x4.mul(gv, gv)));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    v128.store(p + o, f32x4.sub(pv, f32x4.div(f32x4.mul(vlr, mv), f32x4.add(f32x4.sqrt(f32x4.mul(vv, vic2)), veps))));
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    const pv = load<f32>(p + o) * shrink;
    const gv = load<f32>(g + o) + wd * pv;
    const mv = b1 * load<f32>(m + o) + (1 - b1) * gv;
    const vv = b2 * load<f32>(v + o) + (1 - b2) * gv * gv;
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    store<f32>(p + o, pv - (lr / c1) * mv / (Mathf.sqrt(vv / c2) + eps));
  }
}

/** x[r, j] ← x[r, j] + bias[j] for a rows×cols matrix, then max(0, ·) when relu ≠ 0. In place. */
export function biasRelu(x: usize, bias: usize, rows: i32, cols: i32, relu: i32): void {
  const zero = f32x4.splat(0);
  const c4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>(r * cols) * 4;
    let j = 0;
    for (; j < c4; j += 4) {
      let s = f32x4.add(v128.load(row + <usize>j * 4), v128.load(bias + <usize>j * 4));
      if (relu) s = f32x4.max(s, zero);
      v128.store(row + <usize>j * 4, s);
    }
    for (; j < cols; j++) {
      let s = load<f32>(row + <usize>j * 4) + load<f32>(bias + <usize>j * 4);
      if (relu && s < 0) s = 0;
      store<f32>(row + <usize>j * 4, s);
    }
  }
}

/** out[j] = Σ_r x[r, j] over a rows×cols matrix (the bias gradient of a dense layer). */
export function colSum(x: usize, rows: i32, cols: i32, out: usize): void {
  const c4 = cols & ~3;
  memory.fill(out, 0, <usize>cols * 4);
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>(r * cols) * 4;
    let j = 0;
    for (; j < c4; j += 4) {
      const o = <usize>j * 4;
      v128.store(out + o, f32x4.add(v128.load(out + o), v128.load(row + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j * 4;
      store<f32>(out + o, load<f32>(out + o) + load<f32>(row + o));
    }
  }
}

/** out[r] (+)= Σ_j x[r, j] over a rows×cols matrix (the bias gradient of a convolution, per channel). */
export function rowSum(x: usize, rows: i32, cols: i32, out: usize, accumulate: i32): void {
  const c4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>(r * cols) * 4;
    let acc = f32x4.splat(0);
    let j = 0;
    for (; j < c4; j += 4) acc = f32x4.add(acc, v128.load(row + <usize>j * 4));
    let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    for (; j < cols; j++) s += load<f32>(row + <usize>j * 4);
    const o = out + <usize>r * 4;
    store<f32>(o, accumulate ? load<f32>(o) + s : s);
  }
}

/** x[r, j] += bias[r] for a rows×cols matrix (one bias per row: a convolution's output channels). In place. */
export function rowBias(x: usize, bias: usize, rows: i32, cols: i32): void {
  const c4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>(r * cols) * 4;
    const b = load<f32>(bias + <usize>r * 4);
    const vb = f32x4.splat(b);
    let j = 0;
    for (; j < c4; j += 4) v128.store(row + <usize>j * 4, f32x4.add(v128.load(row + <usize>j * 4), vb));
    for (; j < cols; j++) store<f32>(row + <usize>j * 4, load<f32>(row + <usize>j * 4) + b);
  }
}

/** g[i] ← g[i] where y[i] > 0, else 0: the ReLU backward, with y the ReLU's output. In place on g. */
export function reluMask(g: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i * 4;
    v128.store(g + o, v128.and(v128.load(g + o), f32x4.gt(v128.load(y + o), zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    if (!(load<f32>(y + o) > 0)) store<f32>(g + o, 0);
  }
}
