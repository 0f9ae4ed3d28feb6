// @ts-check
// Browser test: a live example's controls that apply only to training are
// disabled while the shipped weights are shown, say when they apply, and come
// back when the reader picks training. Runs against the built site.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { usePage } from './site.mjs';

const ctx = usePage('hands-on/');

/** @param {string} id @param {string} name */
const stateOf = (id, name) =>
  ctx.site.page.evaluate(
    ([exampleId, control]) => {
      const element = document.querySelector(`[data-live-example="${exampleId}"] [name="${control}"]`);
      const note = element?.closest('label')?.querySelector('[data-role="applies"]');
      return { disabled: /** @type {HTMLInputElement} */ (element).disabled, note: note instanceof HTMLElement && !note.hidden ? (note.textContent ?? '') : '' };
    },
    [id, name],
  );

describe('controls that apply only to training', () => {
  const cases = [
    ['key-recall', ['pairs', 'epochs']],
    ['text-classifier', ['blocks', 'epochs']],
    ['image-classifier', ['digits', 'blank', 'epochs']],
    ['language-models', ['epochs']],
  ];
  for (const [id, names] of /** @type {[string, string[]][]} */ (cases)) {
    test(`${id}: training controls are disabled with shipped weights and say when they apply`, async () => {
      for (const name of names) {
        assert.deepEqual(await stateOf(id, name), { disabled: true, note: 'only when weights is “train from scratch”' });
      }
      assert.equal((await stateOf(id, 'mode')).disabled, false);
    });
  }

  test('picking training enables them, and the shipped weights disable them again', async () => {
    const select = ctx.site.page.locator('[data-live-example="image-classifier"] select[name="mode"]');
    await select.selectOption('train from scratch');
    assert.deepEqual(await stateOf('image-classifier', 'digits'), { disabled: false, note: '' });
    assert.deepEqual(await stateOf('image-classifier', 'epochs'), { disabled: false, note: '' });
    await select.selectOption('shipped weights');
    assert.equal((await stateOf('image-classifier', 'digits')).disabled, true);
  });
});
