/**
 * The main thread's side of train.worker.ts: posts commands, hands progress to a listener, and
 * turns the replies that carry an id (save, load, schedule runs) into promises.
 */
import type { FromTrainer, ToTrainer } from './train-protocol.js';

type WithId = Extract<ToTrainer, { id: number }>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export interface TrainerClient {
  send(m: Exclude<ToTrainer, WithId>): void;
  /** Sends a command with a fresh id; resolves with the reply of that id (rejects on its error). */
  request<R extends FromTrainer>(m: DistributiveOmit<WithId, 'id'>, transfer?: Transferable[]): Promise<R>;
  terminate(): void;
}

export function trainerClient(name: string, listen: (m: FromTrainer) => void): TrainerClient {
  const worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name });
  const pending = new Map<number, { resolve: (m: FromTrainer) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  worker.onmessage = (e: MessageEvent<FromTrainer>) => {
    const m = e.data;
    const id = 'id' in m ? m.id : undefined;
    const p = id !== undefined ? pending.get(id) : undefined;
    if (!p) return listen(m);
    pending.delete(id!);
    if (m.type === 'error') p.reject(new Error(m.message));
    else p.resolve(m);
  };
  worker.onerror = (e) => listen({ type: 'error', message: e.message || 'the training worker failed to start' });
  return {
    send: (m) => worker.postMessage(m),
    request<R extends FromTrainer>(m: DistributiveOmit<WithId, 'id'>, transfer: Transferable[] = []) {
      const id = nextId++;
      return new Promise<R>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (m: FromTrainer) => void, reject });
        worker.postMessage({ ...m, id }, transfer);
      });
    },
    terminate() {
      worker.terminate();
      for (const p of pending.values()) p.reject(new Error('the widget was closed'));
      pending.clear();
    },
  };
}
