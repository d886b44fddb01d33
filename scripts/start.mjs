#!/usr/bin/env node
// `npm start`: installs what is missing, builds every package (the guide included: a production
// build in packages/guide/dist), then serves that build on http://127.0.0.1:5173 (or $PORT) with
// packages/guide/static-server.mjs (COOP/COEP headers), printing the URL. `npm run dev` starts
// Vite's dev server instead.
import { ensureInstalled, must, root } from './lib.mjs';

ensureInstalled();
must('npm', ['run', 'build', '--silent']);
must('node', [`${root}packages/guide/serve.mjs`]);
