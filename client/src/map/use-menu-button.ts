import { useCallback, useRef, useState } from 'react';

/**
 * A button that opens a menu (map/Menu.tsx): whether it is open, the button (the menu lets a
 * press on it toggle rather than close), and `close`, which gives focus back to the button
 * unless it moved on by itself.
 */
export function useMenuButton() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = useCallback((restoreFocus: boolean) => {
    setOpen(false);
    if (restoreFocus) opener.current?.focus();
  }, []);
  const toggle = useCallback(() => setOpen((was) => !was), []);
  return { open, opener, close, toggle };
}
