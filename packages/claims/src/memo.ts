/**
 * Memoises a deterministic, seeded computation that both sides of a claim need as input (the
 * weights of a deep stack, say), so a claim does not build it twice. Only inputs are shared this
 * way: the library's result and the independent expected value are still computed separately.
 */
export function once<T>(f: () => T): () => T {
  let done = false;
  let v: T;
  return () => {
    if (!done) (v = f()), (done = true);
    return v;
  };
}
