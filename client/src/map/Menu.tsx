import { type CSSProperties, type KeyboardEvent, type RefObject, useEffect, useRef } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
  title?: string;
}

interface MenuProps {
  id?: string;
  label: string;
  items: readonly MenuItem[];
  /** Closes the menu; `restoreFocus` is false when focus moves on by itself (Tab, a click away). */
  onClose: (restoreFocus: boolean) => void;
  style?: CSSProperties;
  className?: string;
  /** The button that opens the menu: a press on it toggles the menu rather than closing it here. */
  opener?: RefObject<HTMLElement | null>;
}

/**
 * A menu of commands (WAI-ARIA menu): focus goes to the first item, arrows move, Enter or a
 * click runs one and closes it, Esc closes it, and a click elsewhere closes it too.
 */
export default function Menu({ id, label, items, onClose, style, className, opener }: MenuProps) {
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]:not([disabled])')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target instanceof Node ? event.target : null;
      if (target && (menu.current?.contains(target) || opener?.current?.contains(target))) return;
      onClose(false);
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    return () => window.removeEventListener('pointerdown', onPointerDown, true);
  }, [onClose, opener]);

  const onKeyDown = (event: KeyboardEvent) => {
    const enabled = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])') ?? [])];
    const at = enabled.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      enabled[(at + step + enabled.length) % enabled.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      enabled[event.key === 'Home' ? 0 : enabled.length - 1]?.focus();
    } else if (event.key === 'Tab') {
      onClose(false);
    }
  };

  return (
    <div ref={menu} id={id} className={className ? `menu ${className}` : 'menu'} role="menu" aria-label={label} style={style} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          disabled={item.disabled}
          title={item.title}
          onClick={() => {
            onClose(true);
            item.onSelect();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
