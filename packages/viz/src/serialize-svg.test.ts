import { describe, expect, test } from 'vitest';
import { serializeSvg } from './serialize-svg.js';

const NS = 'http://www.w3.org/2000/svg';

describe('serializeSvg', () => {
  test('serializeSvg writes xmlns first, then attributes sorted, and self-closes empty elements', () => {
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('width', '10');
    svg.setAttribute('height', '5');
    const rect = svg.appendChild(document.createElementNS(NS, 'rect'));
    rect.setAttribute('y', '2');
    rect.setAttribute('x', '1');
    expect(serializeSvg(svg)).toBe(`<svg xmlns="${NS}" height="5" width="10"><rect x="1" y="2"/></svg>`);
  });

  test('serializeSvg escapes text and attribute values', () => {
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('aria-label', 'a "quoted" <b> & c');
    svg.appendChild(document.createElementNS(NS, 'text')).textContent = '<img src=x onerror=alert(1)> & more';
    expect(serializeSvg(svg)).toBe(
      `<svg xmlns="${NS}" aria-label="a &quot;quoted&quot; &lt;b&gt; &amp; c"><text>&lt;img src=x onerror=alert(1)&gt; &amp; more</text></svg>`,
    );
  });

  test('serializeSvg leaves out comments', () => {
    const svg = document.createElementNS(NS, 'svg');
    svg.appendChild(document.createComment('not part of the picture'));
    expect(serializeSvg(svg)).toBe(`<svg xmlns="${NS}"/>`);
  });

  test('serializeSvg writes control characters as control pictures and lone surrogates as U+FFFD, so the XML stays well formed', () => {
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('aria-label', 'a\u0000b\u0001c\nd\te');
    svg.appendChild(document.createElementNS(NS, 'text')).textContent = 'x\u0000y\u001Fz \uD800 \uFFFF 🐋 ok\n';
    expect(serializeSvg(svg)).toBe(`<svg xmlns="${NS}" aria-label="a\u2400b\u2401c&#10;d&#9;e"><text>x\u2400y\u241Fz \uFFFD \uFFFD 🐋 ok\n</text></svg>`);
  });
});
