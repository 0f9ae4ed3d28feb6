// The Node-only surface of @attention-lab/models (`@attention-lab/models/node`):
// it imports node:fs, so browser bundles import the main entry instead.
// test/exports.test.ts pins the sorted list.
export { MODEL_FILE, WEIGHTS_FILE, fileSystem } from './file-system.js';
