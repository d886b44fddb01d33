#!/usr/bin/env node
/**
 * The groundup command. One file per command under commands/; cli.ts dispatches, this file only
 * connects it to the real process.
 */
import process from 'node:process';
import { run } from './cli.js';
import { processContext } from './context.js';

process.exitCode = await run(process.argv.slice(2), processContext());
