#!/usr/bin/env node
/**
 * The groundup command. One file per command under commands/; this file only dispatches.
 *   groundup demo     the spec's own numbers, computed by the library
 */
import { demo } from './commands/demo.js';

const commands: Record<string, (args: string[]) => void | Promise<void>> = { demo };

const [name = 'demo', ...rest] = process.argv.slice(2);
const command = commands[name];
if (!command) {
  console.error(`groundup: unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
await command(rest);
