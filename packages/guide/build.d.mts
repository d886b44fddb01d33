// Types for build.mjs (plain JavaScript, run by Node without a build step).
export declare const guideDir: string;
export declare const defaultOutDir: string;
/** Vite's command line, or null when Vite is not installed. */
export declare function viteBin(): string | null;
/** `vite build` in a child process with NODE_ENV=production; rejects with its output when it fails. */
export declare function buildGuide(o?: { outDir?: string; quiet?: boolean; lenient?: boolean }): Promise<void>;
