// Unit tests run on the wasm backend, the command's default (and far faster
// than cpu for the LSTM models), with the command's own backend selection.
import { selectBackend } from '../src/select-backend.js';

await selectBackend('wasm');
