/**
 * models: complete networks built from the nn layers, ready to train.
 *
 *   import { models, loss } from 'groundup';
 *   const net = models.ecgNet({ leads: 12, samples: 1000, classes: 5 });
 *   const l = loss.crossEntropy(net.forward(x), y);   // x [N,12,1000], y int32 [N]
 */
export { ecgNet, EcgNet } from './ecg.js';
export type { EcgNetOptions, EcgNetLayer } from './ecg.js';
export { mlp, MLP_ACTIVATIONS } from './mlp.js';
export type { MlpOptions, MlpActivation } from './mlp.js';
