import type { KeyboardEvent, ReactNode } from 'react';

interface SidePanelProps {
  id: string;
  /** Its heading, and its name for screen readers. */
  label: string;
  testId: string;
  className?: string;
  closeLabel: string;
  closeTitle: string;
  onClose: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  children: ReactNode;
}

/** A panel beside the map (the loops, the discussion): a heading with a close button, then its content. */
export function SidePanel({ id, label, testId, className, closeLabel, closeTitle, onClose, onKeyDown, children }: SidePanelProps) {
  return (
    <section
      id={id}
      className={className ? `loops-panel ${className}` : 'loops-panel'}
      aria-label={label}
      data-testid={testId}
      // Focusable, so a click anywhere in the panel takes focus off the canvas and its keys.
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <div className="loops-panel-head">
        <h2>{label}</h2>
        <button type="button" className="quiet" aria-label={closeLabel} title={closeTitle} onClick={onClose}>
          ×
        </button>
      </div>
      {children}
    </section>
  );
}

/** Where a side panel stands while its code loads. */
export function SidePanelLoading({ label, className }: { label: string; className?: string }) {
  return <section className={className ? `loops-panel ${className}` : 'loops-panel'} aria-label={label} aria-busy="true" />;
}

/** Back to the map, where the map's keys act. */
export function focusCanvas(): void {
  document.querySelector<HTMLElement>('.map-canvas')?.focus();
}
