#!/usr/bin/python3
"""Reference numbers for groundup's tree ensembles (packages/groundup/src/trees), from the real
XGBoost and scikit-learn that Debian ships.

    apt-get install -y python3-xgboost python3-sklearn
    /usr/bin/python3 scripts/data/trees_fixture.py

Writes packages/groundup/src/trees/fixtures/reference.json (a few tens of KB):

  * xgboost.cases: small data sets (binary, 3-class, regression, iris) boosted with
    tree_method='exact' under several settings of eta, max_depth, lambda, gamma, min_child_weight,
    base_score and sample weights. For each: the data (float32 values), XGBoost's margins on the
    training rows and on held-out rows, the first trees' node arrays from its JSON model, and the
    'total_gain' and 'weight' importances. The test asks groundup's margins to match within 1e-5.
  * tabular: iris and digits (the same copies data.iris() and data.digits() ship), split
    deterministically (row i is a test row when i % 5 == 4), with held-out accuracy of
    sklearn's RandomForestClassifier (mean over seeds 0..4) and GradientBoostingClassifier, and of
    XGBoost with the settings the groundup test uses (and its predicted test classes).

Everything is seeded; rerunning gives the same file.
"""
import json
import os
import sys

import numpy as np
import sklearn
import xgboost as xgb
from sklearn.datasets import load_digits, load_iris
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'packages', 'groundup', 'src', 'trees', 'fixtures', 'reference.json')


def f32list(a):
    """float32 values written with 9 significant digits: parsing them gives back the same float32."""
    return [float('%.9g' % v) for v in np.asarray(a, dtype=np.float32).ravel()]


def make_sets():
    rng = np.random.default_rng(20261202)
    sets = {}
    # binary: a curved boundary in 4 features, with label noise
    x = rng.normal(size=(100, 4)).astype(np.float32)
    y = ((x[:, 0] + 0.5 * x[:, 1] ** 2 - 0.3 * x[:, 2] + 0.3 * rng.normal(size=100)) > 0.4).astype(np.int32)
    sets['binary'] = (x, y)
    # three classes: blobs with overlap, 3 features
    centers = np.array([[0, 0, 0], [1.5, 0.5, -0.5], [0.5, 1.8, 0.5]], dtype=np.float32)
    lab = np.repeat(np.arange(3), 35)
    x = (centers[lab] + rng.normal(size=(105, 3))).astype(np.float32)
    perm = rng.permutation(105)
    sets['multi'] = (x[perm], lab[perm].astype(np.int32))
    # regression: a smooth function plus noise
    x = rng.uniform(-2, 2, size=(100, 3)).astype(np.float32)
    y = (np.sin(1.5 * x[:, 0]) + 0.5 * x[:, 1] - 0.25 * x[:, 2] ** 2 + 0.1 * rng.normal(size=100)).astype(np.float32)
    sets['reg'] = (x, y)
    # iris: many tied values (one decimal), the hard case for matching split choices
    ir = load_iris()
    sets['iris'] = (ir.data.astype(np.float32), ir.target.astype(np.int32))
    return sets, rng


CASES = [
    # name, data set, parameters, rounds
    ('binary-default', 'binary', {'objective': 'binary:logistic', 'eta': 0.3, 'max_depth': 3}, 12),
    ('binary-lambda0-mcw', 'binary', {'objective': 'binary:logistic', 'eta': 0.5, 'max_depth': 4, 'lambda': 0, 'min_child_weight': 0.5}, 10),
    ('binary-gamma-lambda', 'binary', {'objective': 'binary:logistic', 'eta': 0.3, 'max_depth': 4, 'lambda': 3, 'gamma': 1.5, 'min_child_weight': 2}, 12),
    ('binary-weights-base', 'binary', {'objective': 'binary:logistic', 'eta': 0.2, 'max_depth': 3, 'base_score': 0.3}, 10),
    ('multi-default', 'multi', {'objective': 'multi:softprob', 'num_class': 3, 'eta': 0.3, 'max_depth': 3}, 8),
    ('multi-gamma-mcw', 'multi', {'objective': 'multi:softprob', 'num_class': 3, 'eta': 0.4, 'max_depth': 4, 'gamma': 0.8, 'min_child_weight': 3, 'lambda': 0.5}, 8),
    ('iris-softprob', 'iris', {'objective': 'multi:softprob', 'num_class': 3, 'eta': 0.3, 'max_depth': 3}, 10),
    ('reg-default', 'reg', {'objective': 'reg:squarederror', 'eta': 0.3, 'max_depth': 3}, 12),
    ('reg-gamma-mcw', 'reg', {'objective': 'reg:squarederror', 'eta': 0.1, 'max_depth': 4, 'lambda': 0, 'gamma': 2, 'min_child_weight': 5, 'base_score': -0.2}, 15),
]

# how many of each case's first trees are written out node by node
TREES_KEPT = 3


def tree_arrays(t):
    return {
        'left': t['left_children'],
        'right': t['right_children'],
        'feature': t['split_indices'],
        'threshold': f32list(t['split_conditions']),
        'gain': f32list(t['loss_changes']),
        'weight': f32list(t['base_weights']),
        'H': f32list(t['sum_hessian']),
    }


def xgboost_cases(sets, rng):
    out = []
    for name, set_name, params, rounds in CASES:
        x, y = sets[set_name]
        n = len(y)
        weights = None
        if name == 'binary-weights-base':
            weights = rng.choice(np.array([0.5, 1.0, 2.0, 3.0], dtype=np.float32), size=n)
        # held-out rows: fresh draws from the training rows' ranges (fixed seed)
        lo, hi = x.min(axis=0), x.max(axis=0)
        x_test = (lo + (hi - lo) * rng.uniform(size=(15, x.shape[1]))).astype(np.float32)
        d = xgb.DMatrix(x, label=y, weight=weights)
        p = dict(params, tree_method='exact', nthread=1, seed=0)
        b = xgb.train(p, d, rounds)
        model = json.loads(b.save_raw('json'))
        trees = model['learner']['gradient_booster']['model']['trees']
        margin = b.predict(d, output_margin=True)
        margin_test = b.predict(xgb.DMatrix(x_test), output_margin=True)
        # check XGBoost's own prediction against a replay of its trees in float32
        total = b.get_score(importance_type='total_gain')
        count = b.get_score(importance_type='weight')
        nfeat = x.shape[1]
        case = {
            'name': name,
            'data': set_name,
            'params': {k: v for k, v in params.items() if k != 'num_class'},
            'rounds': rounds,
            'trainMargin': f32list(margin),
            'testX': f32list(x_test),
            'testMargin': f32list(margin_test),
            'numTrees': len(trees),
            'trees': [tree_arrays(t) for t in trees[:TREES_KEPT]],
            'totalGain': [float('%.7g' % total.get('f%d' % j, 0.0)) for j in range(nfeat)],
            'splitCount': [int(count.get('f%d' % j, 0)) for j in range(nfeat)],
        }
        if weights is not None:
            case['sampleWeight'] = f32list(weights)
        out.append(case)
        print('%-22s %3d trees, %4d nodes' % (name, len(trees), sum(int(t['tree_param']['num_nodes']) for t in trees)), file=sys.stderr)
    return out


def split(n):
    test = np.arange(n) % 5 == 4
    return ~test, test


# Settings shared with the groundup test (packages/groundup/src/trees/ensembles.test.ts)
FOREST = {'n_estimators': 100, 'max_features': 'sqrt', 'bootstrap': True}
BOOST = {'n_estimators': 100, 'learning_rate': 0.1, 'max_depth': 3}
SEEDS = range(5)


def tabular():
    out = {}
    for name, loader in (('iris', load_iris), ('digits', load_digits)):
        ds = loader()
        x = ds.data.astype(np.float32)
        y = ds.target.astype(np.int32)
        tr, te = split(len(y))
        rf = []
        for s in SEEDS:
            m = RandomForestClassifier(random_state=s, **FOREST).fit(x[tr], y[tr])
            rf.append(float((m.predict(x[te]) == y[te]).mean()))
        gbc = GradientBoostingClassifier(random_state=0, **BOOST).fit(x[tr], y[tr])
        gbc_acc = float((gbc.predict(x[te]) == y[te]).mean())
        p = {'objective': 'multi:softprob', 'num_class': int(y.max()) + 1, 'eta': BOOST['learning_rate'],
             'max_depth': BOOST['max_depth'], 'tree_method': 'exact', 'nthread': 1, 'seed': 0}
        b = xgb.train(p, xgb.DMatrix(x[tr], label=y[tr]), BOOST['n_estimators'])
        xpred = b.predict(xgb.DMatrix(x[te])).argmax(axis=1)
        out[name] = {
            'n': int(len(y)),
            'featureSum': float(x.astype(np.float64).sum()),
            'labelSum': int(y.sum()),
            'testRows': int(te.sum()),
            'forest': {'settings': FOREST, 'seeds': list(SEEDS), 'sklearnAccuracy': rf, 'sklearnMean': float(np.mean(rf))},
            'boosting': {'settings': BOOST, 'sklearnAccuracy': gbc_acc,
                         'xgboostAccuracy': float((xpred == y[te]).mean()), 'xgboostTestPredictions': [int(v) for v in xpred]},
        }
        print('%-7s forest %.4f (sklearn, mean of %d seeds)  GBC %.4f  XGBoost %.4f' % (
            name, np.mean(rf), len(SEEDS), gbc_acc, out[name]['boosting']['xgboostAccuracy']), file=sys.stderr)
    return out


def main():
    sets, rng = make_sets()
    fixture = {
        'about': 'written by scripts/data/trees_fixture.py; do not edit by hand',
        'versions': {'xgboost': xgb.__version__, 'sklearn': sklearn.__version__, 'numpy': np.__version__},
        'sets': {k: {'x': f32list(v[0]), 'y': [float('%.9g' % t) for t in v[1].tolist()], 'd': int(v[0].shape[1])}
                 for k, v in sets.items() if k != 'iris'},
        'xgboost': {'cases': xgboost_cases(sets, rng)},
        'tabular': tabular(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    print('wrote %s (%.1f KB)' % (os.path.relpath(OUT, ROOT), os.path.getsize(OUT) / 1024), file=sys.stderr)


if __name__ == '__main__':
    main()
