// Types for static-server.mjs (plain JavaScript, run by Node without a build step).
import type { Server } from 'node:http';

export declare const MIME: Record<string, string>;
export declare const ISOLATION_HEADERS: Record<string, string>;

export interface StaticServer extends Server {
  /** The next request runs `prepare` again (and the gzip cache is dropped). */
  reprepare(): void;
  /** Resolves once `prepare` has run (rejects with its error). */
  whenReady(): Promise<void>;
}

export interface StaticOptions {
  dir: string;
  /** Runs once before the first request is answered (e.g. a build). */
  prepare?: () => Promise<void> | void;
}

export declare function createStaticServer(o: StaticOptions): StaticServer;
export declare function serveStatic(o: StaticOptions & { port?: number; host?: string }): Promise<{ server: StaticServer; url: string; close(): Promise<void> }>;
