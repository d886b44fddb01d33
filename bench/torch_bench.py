#!/usr/bin/env python3
"""PyTorch column of `npm run bench -- --torch` (driven by bench/run.mjs, not run by hand).

    python3 bench/torch_bench.py INPUT_DIR THREADS REPS WARM

INPUT_DIR holds manifest.json and the float32/int32 inputs that run.mjs gave every other
framework (so the numbers are the same ones). This script computes the same workloads with
torch on THREADS threads, writes its outputs as raw float32 files into INPUT_DIR/torch-<THREADS>/
so run.mjs can check them against groundup's before it reports any figure, and prints one JSON
line: { torch, blas, threads, matmul, conv1d, mlp, fwdMs, bwdMs } (GFLOP/s, steps/s, ms).
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def main():
    src, threads, reps, warm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    man = json.load(open(os.path.join(src, 'manifest.json')))

    def arr(name):
        a = man['arrays'][name]
        dt = np.float32 if a['dtype'] == 'float32' else np.int32
        return torch.from_numpy(np.fromfile(os.path.join(src, a['file']), dtype=dt).reshape(a['shape']).copy())

    out = os.path.join(src, f'torch-{threads}')
    os.makedirs(out, exist_ok=True)

    def save(name, t):
        t.detach().contiguous().numpy().astype(np.float32).tofile(os.path.join(out, name + '.bin'))

    def median_ms(fn, n=reps, w=warm):
        for _ in range(w):
            fn()
        ts = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()
            ts.append((time.perf_counter() - t0) * 1000)
        return float(np.median(ts))

    r = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'blas': blas_name()}
    with torch.no_grad():
        A, B = arr('mmA'), arr('mmB')
        save('matmul', A @ B)
        r['matmul'] = man['flop']['matmul'] / median_ms(lambda: A @ B) / 1e6

        x, w, b = arr('convX'), arr('convW'), arr('convB')
        save('conv1d', F.conv1d(x, w, b))
        r['conv1d'] = man['flop']['conv1d'] / median_ms(lambda: F.conv1d(x, w, b)) / 1e6

    X, y = arr('mlpX'), arr('mlpY').long()
    init = [arr(n) for n in ('mlpW1', 'mlpB1', 'mlpW2', 'mlpB2', 'mlpW3', 'mlpB3')]

    def fresh():
        return [p.clone().requires_grad_(True) for p in init]

    def loss_of(ps):
        W1, b1, W2, b2, W3, b3 = ps
        h = F.relu(F.linear(X, W1, b1))
        h = F.relu(F.linear(h, W2, b2))
        return F.cross_entropy(F.linear(h, W3, b3), y)

    ps = fresh()
    loss0 = loss_of(ps)
    loss0.backward()
    save('loss0', loss0.detach().reshape(1))
    for i, p in enumerate(ps):
        save(f'grad{i}', p.grad)

    lr, steps = man['mlp']['lr'], man['mlp']['checkSteps']

    def trainer():
        ps = fresh()
        opt = torch.optim.Adam(ps, lr=lr, eps=1e-8)

        def step():
            opt.zero_grad()
            loss = loss_of(ps)
            loss.backward()
            opt.step()
            return loss.item()

        return ps, step

    ps, step = trainer()
    for _ in range(steps):
        step()
    with torch.no_grad():
        save('lossAfter', loss_of(ps).reshape(1))

    _, step = trainer()
    r['mlp'] = 1000 / median_ms(step, reps * 2)
    ps = fresh()
    fwd, bwd = [], []
    for i in range(reps * 2 + warm):
        for p in ps:
            p.grad = None
        t0 = time.perf_counter()
        loss = loss_of(ps)
        loss.item()
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        if i >= warm:
            fwd.append((t1 - t0) * 1000)
            bwd.append((t2 - t1) * 1000)
    r['fwdMs'] = float(np.median(fwd))
    r['bwdMs'] = float(np.median(bwd))
    r['bwdOverFwd'] = r['bwdMs'] / r['fwdMs']
    print(json.dumps(r))


def blas_name():
    """The BLAS that torch's matmul ends up in: Debian's torch links the system libblas.so.3,
    which is OpenBLAS when libopenblas0-pthread is installed and the ~2 GFLOP/s reference BLAS
    otherwise."""
    try:
        with open('/proc/self/maps') as f:
            libs = {os.path.basename(l.split()[-1]) for l in f if '.so' in l}
        for name in sorted(libs):
            if 'openblas' in name or 'mkl' in name:
                return name
        for name in sorted(libs):
            if name.startswith('libblas'):
                return name + ' (reference BLAS: install libopenblas0-pthread)'
    except OSError:
        pass
    return 'unknown'


if __name__ == '__main__':
    main()
