/**
 * recipes: one training loop and the built-in task recipes, shared by the CLI and the guide.
 *
 *   import { recipes, manualSeed } from 'groundup';
 *   const s = recipes.settings('spirals', { epochs: 5 });
 *   const d = recipes.spirals.load();
 *   manualSeed(s.seed);
 *   const t = new recipes.Trainer(recipes.spirals.model(s), d.xTrain, d.yTrain, recipes.trainSettings(s));
 *   t.fit();
 */
export { Trainer, TRAIN_SETTINGS } from './trainer.js';
export type { TrainSettings, TrainerExtras, LossName, LossFn } from './trainer.js';
export { spirals, moons, table, TASKS, TASK_NAMES, RECIPE_SETTINGS, settings, trainSettings, splitIndices } from './tasks.js';
export type { TaskRecipe, TaskName, RecipeSettings, NetSettings, Split } from './tasks.js';
