#!/usr/bin/env node
// `npm start`: installs what is missing, builds, then serves the guide on http://127.0.0.1:5173
// (or $PORT) with Vite's dev server, printing the URL.
import { ensureInstalled, must, root } from './lib.mjs';

ensureInstalled();
must('npm', ['run', 'build', '--silent']);
must('node', [`${root}packages/guide/serve.mjs`]);
