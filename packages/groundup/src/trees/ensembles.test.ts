/**
 * Held-out accuracy of the boosted trees and the random forest on iris and digits against
 * scikit-learn (and XGBoost) fitted with the same settings on the same split, by
 * scripts/data/trees_fixture.py. Split: row i is a test row when i % 5 == 4.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Tensor, data, trees } from 'groundup';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8'));

function split(x: Tensor, y: Tensor) {
  const [n, d] = x.shape as [number, number];
  const xTrain: number[][] = [];
  const xTest: number[][] = [];
  const yTrain: number[] = [];
  const yTest: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from(x.data.subarray(i * d, (i + 1) * d));
    if (i % 5 === 4) {
      xTest.push(row);
      yTest.push(y.data[i]!);
    } else {
      xTrain.push(row);
      yTrain.push(y.data[i]!);
    }
  }
  return { xTrain, xTest, yTrain, yTest };
}
const accuracy = (p: Tensor, y: number[]) => y.filter((v, i) => p.data[i] === v).length / y.length;

for (const name of ['iris', 'digits'] as const) {
  describe(`${name}: held-out accuracy beside scikit-learn`, () => {
    const ref = fixture.tabular[name];
    const ds = name === 'iris' ? data.iris() : data.digits();
    const { xTrain, xTest, yTrain, yTest } = split(ds.x, ds.y);
    // "within 2 points", or one test row where a row is worth more than that (iris: 30 rows, 3.3 points)
    const margin = Math.max(0.02, 1 / yTest.length) + 1e-9;

    it('the fixture was made from the same data', () => {
      expect(ds.y.size).toBe(ref.n);
      expect(yTest.length).toBe(ref.testRows);
      expect(Array.from(ds.y.data).reduce((a, b) => a + b, 0)).toBe(ref.labelSum);
      expect(Array.from(ds.x.data).reduce((a, b) => a + b, 0)).toBeCloseTo(ref.featureSum, 6);
    });

    it('boosted trees: the same test predictions as XGBoost, accuracy within 2 points of GradientBoostingClassifier', () => {
      const s = ref.boosting.settings;
      const gb = new trees.GradientBoosting({ objective: 'multi:softprob', nEstimators: s.n_estimators, learningRate: s.learning_rate, maxDepth: s.max_depth }).fit(xTrain, yTrain);
      const pred = gb.predict(xTest);
      expect(Array.from(pred.data)).toEqual(ref.boosting.xgboostTestPredictions);
      const acc = accuracy(pred, yTest);
      expect(Math.abs(acc - ref.boosting.sklearnAccuracy)).toBeLessThanOrEqual(margin);
      console.log(`${name}: boosted ${(100 * acc).toFixed(2)}% (sklearn GradientBoostingClassifier ${(100 * ref.boosting.sklearnAccuracy).toFixed(2)}%, XGBoost ${(100 * ref.boosting.xgboostAccuracy).toFixed(2)}%)`);
      const p = gb.predictProba(xTest);
      for (let i = 0; i < 5; i++) expect(Array.from(p.data.subarray(i * p.shape[1]!, (i + 1) * p.shape[1]!)).reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    });

    it('random forest: mean accuracy over 5 seeds within 2 points of RandomForestClassifier', () => {
      const s = ref.forest.settings;
      expect(s.max_features).toBe('sqrt');
      const accs = ref.forest.seeds.map((seed: number) =>
        accuracy(new trees.RandomForest({ nEstimators: s.n_estimators, maxFeatures: 'sqrt', bootstrap: s.bootstrap, seed }).fit(xTrain, yTrain).predict(xTest), yTest),
      );
      const mean = accs.reduce((a: number, b: number) => a + b, 0) / accs.length;
      console.log(`${name}: forest ${(100 * mean).toFixed(2)}% (sklearn RandomForestClassifier ${(100 * ref.forest.sklearnMean).toFixed(2)}%, means over seeds 0–4)`);
      expect(Math.abs(mean - ref.forest.sklearnMean)).toBeLessThanOrEqual(margin);
    });
  });
}
