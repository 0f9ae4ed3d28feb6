// Every ```ts block of README.md runs as its own module, on src/ (see
// scripts/readme-blocks.mjs; browser blocks run in Chromium in the install check).
import { test } from 'vitest';
import { registerReadmeTests } from '../../../scripts/readme-blocks.mjs';

registerReadmeTests(test, new URL('../README.md', import.meta.url));
