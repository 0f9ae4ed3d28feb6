#!/usr/bin/env node
// The `attention-lab` executable: wires the process's streams and Ctrl-C to runCli.
import * as tf from '@tensorflow/tfjs';
import process from 'node:process';
import { reportError } from './cli-error.js';
import { runCli } from './run-cli.js';

// The command gives its own backend advice; keep TensorFlow.js's console banners
// ("install our node backend", "Orthogonal initializer ... slowness") out of its output.
tf.env().set('PROD', true);
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('Orthogonal initializer')) return;
  warn(...args);
};

// An error that escapes runCli (a closed output pipe, a throwing callback) is one line too, never a stack.
const fail = (error: unknown) => process.exit(reportError(error, process.stderr));
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

const controller = new AbortController();
let interrupts = 0;
// Only `train` has work to save on Ctrl-C; every other command stops at once as usual.
if (process.argv[2] === 'train') process.on('SIGINT', () => {
  interrupts++;
  if (interrupts > 1) process.exit(130); // a second Ctrl-C stops at once, without saving
  process.stderr.write('\nstopping after this step to save a checkpoint (Ctrl-C again to quit without saving)…\n');
  controller.abort();
});

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
