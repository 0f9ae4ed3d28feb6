/**
 * Formats seconds as `m:ss`, or `h:mm:ss` from an hour; `--:--` when unknown
 * (NaN, infinite or negative), as a progress bar shows time left.
 *
 * @param seconds - A duration in seconds.
 * @returns The formatted duration.
 * @example
 * formatDuration(75); // '1:15'
 * formatDuration(3725); // '1:02:05'
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
