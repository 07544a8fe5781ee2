/** A pushpin drawn in SVG, so it looks the same everywhere (no emoji font needed). */
export function PinIcon({ size = 14 }: { size?: number }) {
  return (
    <svg className="pin-icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M5 1.5h6l-1 4.5 2.5 2.5v1.5H9L8 15l-1-5H3.5V8.5L6 6z" fill="currentColor" />
    </svg>
  );
}
