/**
 * @groundup/claims: every checkable claim of the spec, one module per chapter, each computed with
 * the library and compared with a value derived independently (see claim.ts). `groundup verify`
 * runs them in Node; the guide runs them live on its checks page and beside each section.
 */
import type { Claim } from './claim.js';
import { chapter1 } from './ch1.js';
import { chapter2 } from './ch2.js';
import { chapter3 } from './ch3.js';
import { chapter4 } from './ch4.js';
import { chapter5 } from './ch5.js';
import { chapter6 } from './ch6.js';
import { chapter7 } from './ch7.js';

export type { Claim, ClaimResult, Compare, Value } from './claim.js';
export { checkClaim, expectedOf, formatExpected, formatNumber, formatTolerance, formatValue, matches, runClaims } from './claim.js';

/** All claims, by chapter of the spec. */
export const claims: Claim[] = [...chapter1, ...chapter2, ...chapter3, ...chapter4, ...chapter5, ...chapter6, ...chapter7];

/** The claims shown beside one guide section ('ch<N>/<section-id>'). */
export function claimsForSection(ref: string): Claim[] {
  return claims.filter((c) => c.section === ref);
}
