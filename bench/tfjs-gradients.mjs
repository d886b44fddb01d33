// TensorFlow.js keeps its gradient definitions out of the tfjs-core builds Node loads; the umbrella
// `@tensorflow/tfjs` package registers them from tfjs-core's ES module sources, whose relative
// imports have no file extension. This hook adds the `.js` Node's ESM loader needs, for those files
// only, so the benchmark can register the gradients without the umbrella package.
export async function resolve(specifier, context, next) {
  if (context.parentURL?.includes('/@tensorflow/tfjs-core/dist/') && specifier.startsWith('.') && !specifier.endsWith('.js'))
    return next(`${specifier}.js`, context);
  return next(specifier, context);
}
