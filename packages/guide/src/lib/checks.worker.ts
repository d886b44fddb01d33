/**
 * Runs the spec's claims off the main thread for the checks page (checks.ts), so a claim that
 * trains a small net for a moment never freezes the page.
 *
 * Protocol: → { ids: string[] }   ← { type: 'result', result: ClaimResult }* then ← { type: 'done' }
 */
import { checkClaim, claims } from '@groundup/claims';

self.onmessage = (e: MessageEvent<{ ids: string[] }>) => {
  const byId = new Map(claims.map((c) => [c.id, c]));
  for (const id of e.data.ids) {
    const c = byId.get(id);
    if (c) self.postMessage({ type: 'result', result: checkClaim(c) }); // in the order asked
  }
  self.postMessage({ type: 'done' });
};
