import { useCallback } from 'react';
import Menu from './Menu';
import { useMapState, useSession } from './session-context';

/** Where a statement's menu opens: the statement, and a point on screen (client coordinates). */
export interface StatementMenuAt {
  id: string;
  x: number;
  y: number;
}

interface StatementMenuProps {
  at: StatementMenuAt;
  onClose: () => void;
  onLink: (id: string) => void;
  /** Deletes the selection (this statement), asking first if that breaks a marked loop. */
  onDelete: () => void;
}

/** A statement's own menu (right-click, or the menu key): edit, pin, link, delete. */
export default function StatementMenu({ at, onClose, onLink, onDelete }: StatementMenuProps) {
  const { actions } = useSession();
  const statement = useMapState((state) => state.statements.find((s) => s.id === at.id));
  const close = useCallback(
    (restoreFocus: boolean) => {
      onClose();
      if (restoreFocus) document.querySelector<HTMLElement>(`.react-flow__node[data-id="${at.id}"]`)?.focus();
    },
    [onClose, at.id],
  );
  if (!statement) return null;
  const select = () => actions.setSelection({ statementIds: [statement.id], linkIds: [] });
  return (
    <Menu
      label={`Statement ${statement.number}`}
      className="statement-menu"
      style={{ position: 'fixed', left: at.x, top: at.y }}
      onClose={close}
      items={[
        { label: 'Edit text', onSelect: () => actions.startEditing(statement.id) },
        {
          label: statement.pinned ? 'Unpin' : 'Pin',
          title: statement.pinned ? 'Layouts may move it again' : 'Layouts leave it where it is',
          onSelect: () => {
            select();
            actions.setPinned(!statement.pinned);
          },
        },
        { label: 'Link to…', onSelect: () => onLink(statement.id) },
        {
          label: 'Delete',
          onSelect: () => {
            select();
            onDelete();
          },
        },
      ]}
    />
  );
}
