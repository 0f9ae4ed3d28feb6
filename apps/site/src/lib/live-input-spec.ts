/**
 * One control a live example offers the reader; its value reaches the code as
 * `inputs[name]`. In `label`, `^` raises the letters and digits after it (`'W^Q'`, see labelParts).
 */
export type LiveInputSpec =
  | { name: string; label: string; type: 'text'; value: string }
  | { name: string; label: string; type: 'checkbox'; value: boolean }
  | { name: string; label: string; type: 'select'; value: string; options: readonly string[] }
  | { name: string; label: string; type: 'number' | 'range'; value: number; min?: number; max?: number; step?: number }
  | { name: string; label: string; type: 'drawing'; size?: number };
