/**
 * The capstone's four widgets, one file each: the data (data-widget.ts), the model (model-widget.ts),
 * live training in a worker (training-widget.ts) and the result (result-widget.ts); what they share is
 * in shared.ts. Training hands its weights to the result as safetensors bytes through DOM events.
 */
export { mountData } from './data-widget.js';
export { mountModel } from './model-widget.js';
export { mountTraining } from './training-widget.js';
export { mountResult } from './result-widget.js';
export { mapRow } from './shared.js';
