#!/usr/bin/env node
// `npm start`: installs what is missing, builds, then runs the main job.
// Until the guide lands this is the CLI's demo: the spec's own numbers, computed by the library.
import { ensureInstalled, must } from './lib.mjs';

ensureInstalled();
must('npm', ['run', 'build', '--silent']);
must('node', ['packages/cli/dist/main.js', 'demo']);
