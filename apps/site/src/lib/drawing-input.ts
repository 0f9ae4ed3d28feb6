/**
 * A drawing pad as a live-example input: the reader draws with a mouse, pen
 * or finger, and the example receives the drawing as an MNIST-style image —
 * `size × size` grey levels in 0..1 (ink = 1), the ink scaled to fit a
 * `0.7 · size` box and centred by its centre of mass, as the MNIST digits
 * were. The value travels as text (numbers with two decimals, comma
 * separated; empty when nothing is drawn) in a hidden input, so the example's
 * form reads it like any other control.
 */

/** Side of the pad in CSS pixels; the stroke is drawn at this resolution and reduced. */
const PAD = 196;
const STROKE = 14;

/**
 * Moves the ink of a `size × size` image so its centre of mass falls on the
 * image's centre (by whole pixels; ink pushed past an edge is dropped), as
 * MNIST's digits were framed. A blank image comes back unchanged.
 *
 * @param image - Grey levels, row-major, `size * size` of them.
 * @param size - The side of the image.
 * @returns A new image.
 */
export function centerByMass(image: Float32Array, size: number): Float32Array {
  let [mass, mx, my] = [0, 0, 0];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = image[y * size + x] ?? 0;
      mass += v;
      mx += (x + 0.5) * v;
      my += (y + 0.5) * v;
    }
  }
  if (mass === 0) return image.slice();
  const dx = Math.round(size / 2 - mx / mass);
  const dy = Math.round(size / 2 - my / mass);
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [tx, ty] = [x + dx, y + dy];
      if (tx >= 0 && ty >= 0 && tx < size && ty < size) out[ty * size + tx] = image[y * size + x] ?? 0;
    }
  }
  return out;
}

/** The ink's bounding box in `data` (RGBA, alpha = ink), or null when blank. */
function inkBox(data: Uint8ClampedArray, width: number, height: number): { left: number; top: number; width: number; height: number } | null {
  let [top, left, bottom, right] = [height, width, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((data[(y * width + x) * 4 + 3] ?? 0) > 12) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  return bottom < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * Turns every `[data-drawing]` pad inside `form` into a drawing surface that
 * writes its framed image into the hidden input of the same name and fires
 * `input` on the form when a stroke ends or the pad is cleared.
 *
 * @param form - The example's inputs form.
 * @example
 * mountDrawingInputs(form); // then form.elements['digit'].value is "0,0,…,0.83,…"
 */
export function mountDrawingInputs(form: HTMLFormElement): void {
  for (const pad of form.querySelectorAll<HTMLElement>('[data-drawing]')) {
    const canvas = pad.querySelector('canvas');
    const hidden = pad.querySelector<HTMLInputElement>('input[type="hidden"]');
    const clear = pad.querySelector<HTMLButtonElement>('button[data-role="clear-drawing"]');
    const context = canvas?.getContext('2d', { willReadFrequently: true });
    if (!canvas || !hidden || !clear || !context) continue;
    const size = Number(pad.dataset.drawing) || 28;
    const ratio = Math.max(1, Math.round(window.devicePixelRatio || 1));
    canvas.width = PAD * ratio;
    canvas.height = PAD * ratio;
    context.scale(ratio, ratio);
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.lineWidth = STROKE;
    context.strokeStyle = '#000';
    let last: { x: number; y: number } | null = null;

    const at = (event: PointerEvent) => {
      const box = canvas.getBoundingClientRect();
      return { x: ((event.clientX - box.left) / box.width) * PAD, y: ((event.clientY - box.top) / box.height) * PAD };
    };
    const small = document.createElement('canvas');
    small.width = size;
    small.height = size;
    const reduced = small.getContext('2d', { willReadFrequently: true });
    const publish = () => {
      const box = inkBox(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
      if (!box || !reduced) {
        hidden.value = '';
      } else {
        // The ink's longer side becomes 0.7 · size (20 of 28 pixels, MNIST's box), keeping the aspect ratio.
        const scale = (0.7 * size) / Math.max(box.width, box.height);
        const [w, h] = [box.width * scale, box.height * scale];
        reduced.clearRect(0, 0, size, size);
        reduced.imageSmoothingEnabled = true;
        reduced.imageSmoothingQuality = 'high';
        reduced.drawImage(canvas, box.left, box.top, box.width, box.height, (size - w) / 2, (size - h) / 2, w, h);
        const { data } = reduced.getImageData(0, 0, size, size);
        const grey = Float32Array.from({ length: size * size }, (_, i) => (data[i * 4 + 3] ?? 0) / 255);
        hidden.value = Array.from(centerByMass(grey, size), (v) => (v === 0 ? '0' : v.toFixed(2))).join(',');
      }
      form.dispatchEvent(new Event('input', { bubbles: true }));
    };

    canvas.addEventListener('pointerdown', (event) => {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      last = at(event);
      context.beginPath();
      context.arc(last.x, last.y, STROKE / 2, 0, 2 * Math.PI);
      context.fill();
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!last) return;
      const next = at(event);
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
    });
    const end = () => {
      if (!last) return;
      last = null;
      publish();
    };
    canvas.addEventListener('pointerup', end);
    // The pad sits in the control's <label>, which would forward a click on it to the Clear button.
    canvas.addEventListener('click', (event) => event.preventDefault());
    canvas.addEventListener('pointercancel', end);
    clear.addEventListener('click', () => {
      context.clearRect(0, 0, PAD, PAD);
      hidden.value = '';
      form.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
}
