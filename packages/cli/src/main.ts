#!/usr/bin/env node
/**
 * The groundup command. One file per command under commands/; cli.ts dispatches, this file only
 * connects it to the real process.
 */
import process from 'node:process';
import { run } from './cli.js';
import { processContext } from './context.js';

// `groundup verify | head` closes the pipe early: stop quietly instead of crashing on EPIPE
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

process.exitCode = await run(process.argv.slice(2), processContext());
