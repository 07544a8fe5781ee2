import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import type { Loop } from '@causal-map/shared/analysis/types';
import { rememberMap } from '../home/recent-maps';
import { ExportMenu } from '../export/ExportMenu';
import { useLoopShortcuts } from '../loops/loop-shortcuts';
import { DiscussionPanel, DiscussionToggle } from '../discussion/DiscussionToggle';
import { useDiscussionShortcuts } from '../discussion/discussion-shortcuts';
import { FacilitateMenu } from '../facilitation/FacilitateMenu';
import { FacilitationBanner } from '../facilitation/FacilitationBanner';
import { FacilitationBridge } from '../facilitation/FacilitationBridge';
import { LoopsPanel, LoopsToggle } from '../loops/LoopsPanel';
import { ReadingBar } from '../reading/ReadingBar';
import { useName } from '../user/identity';
import { NameDialog } from '../user/NameDialog';
import { ConnectionStatus } from './ConnectionStatus';
import type { LinkRights } from './map-access';
import { MapCanvas } from './MapCanvas';
import { Notices } from './Notices';
import { PresenceBar } from './PresenceBar';
import { ReadOnlyBanner } from './ReadOnlyBanner';
import { useMapState, useSession } from './session-context';
import { useDetailsKey, useHelpKey, useMapShortcuts } from './shortcuts';
import { MapTitle } from './MapTitle';
import { useDeleteSelection } from './use-delete-selection';
import { Toolbar } from './Toolbar';
import { useAddStatementNearWork } from './use-add-statement';

// Loaded when first opened: the map's first paint does not wait for them.
const StatementMenu = lazy(() => import('./StatementMenu'));
const HelpSheet = lazy(() => import('../help/HelpSheet'));
const Replay = lazy(() => import('../replay/Replay'));
const DetailsDialog = lazy(() => import('./DetailsDialog'));
// Dialogs load when first opened: they are not needed to show the map.
const LinkDialog = lazy(() => import('./LinkDialog').then((module) => ({ default: module.LinkDialog })));
const ShareDialog = lazy(() => import('./ShareDialog').then((module) => ({ default: module.ShareDialog })));
const ConfirmDeleteDialog = lazy(() => import('../loops/ConfirmDeleteDialog').then((module) => ({ default: module.ConfirmDeleteDialog })));

type OpenDialog =
  | { kind: 'none' }
  | { kind: 'link'; fromId: string }
  | { kind: 'share' }
  | { kind: 'name' }
  | { kind: 'help' }
  | { kind: 'details' }
  | { kind: 'delete'; loops: Loop[] };

interface MapScreenProps {
  mapId: string;
  rights: LinkRights;
  serverTitle: string;
}

/** The map page: header, tools, canvas and dialogs. */
export function MapScreen({ mapId, rights, serverTitle }: MapScreenProps) {
  const session = useSession();
  const docTitle = useMapState((state) => state.title);
  const hasSynced = useMapState((state) => state.hasSynced);
  // Until the map arrives, the title the server gave; after, the document's, blank included.
  const title = hasSynced ? docTitle : docTitle || serverTitle;
  const name = useName() ?? '';
  const [dialog, setDialog] = useState<OpenDialog>({ kind: 'none' });
  const [replaying, setReplaying] = useState(false);
  const close = useCallback(() => setDialog({ kind: 'none' }), []);
  const editable = rights.role === 'edit';

  const addStatement = useAddStatementNearWork();
  const openLinkDialog = useCallback(() => {
    const { statementIds } = session.store.getState().selection;
    const [fromId] = statementIds;
    if (statementIds.length === 1 && fromId) setDialog({ kind: 'link', fromId });
  }, [session]);
  const openStatementMenu = useCallback(
    (id: string) => {
      const box = document.querySelector(`.react-flow__node[data-id="${id}"]`)?.getBoundingClientRect();
      if (box) session.store.setState({ statementMenu: { id, x: box.left + 16, y: box.bottom + 4 } });
    },
    [session],
  );
  const askBeforeDelete = useCallback((loops: Loop[]) => setDialog({ kind: 'delete', loops }), []);
  const deleteSelection = useDeleteSelection(askBeforeDelete);
  const commands = useMemo(
    () => ({ addStatement, openLinkDialog, openStatementMenu, deleteSelection }),
    [addStatement, openLinkDialog, openStatementMenu, deleteSelection],
  );
  // Not while a replay is on screen: its keys must never change the live map.
  useMapShortcuts(session, commands, !replaying);
  useHelpKey(useCallback(() => setDialog({ kind: 'help' }), []));
  const openDetails = useCallback(() => setDialog({ kind: 'details' }), []);
  useDetailsKey(openDetails);
  useLoopShortcuts(session, !replaying);
  const panelOpen = useMapState((state) => state.loopsPanelOpen || state.discussionOpen);
  useDiscussionShortcuts(session, !replaying);
  const statementMenu = useMapState((state) => state.statementMenu);
  const closeStatementMenu = useCallback(() => session.store.setState({ statementMenu: null }), [session]);

  useEffect(() => {
    document.title = `${title || 'Untitled map'} — Causal Map`;
    if (hasSynced) rememberMap({ id: mapId, title: docTitle, editToken: rights.editToken, viewToken: rights.viewToken });
  }, [title, docTitle, hasSynced, mapId, rights]);

  if (replaying) {
    return (
      <Suspense fallback={<p className="loading-note">Loading the replay…</p>}>
        <Replay mapId={mapId} token={rights.token} title={title} onExit={() => setReplaying(false)} />
      </Suspense>
    );
  }

  return (
    <div className={editable ? 'map-page' : 'map-page is-read-only'}>
      <header className="map-header">
        <a href="/" className="brand" title="All maps">
          Causal Map
        </a>
        <MapTitle title={title} editable={editable} />
        <ConnectionStatus />
        <PresenceBar onChangeName={() => setDialog({ kind: 'name' })} />
        <LoopsToggle />
        <DiscussionToggle />
        {editable && <FacilitateMenu />}
        <button type="button" className="share-button" title="Get the links to this map" onClick={() => setDialog({ kind: 'share' })}>
          Share
        </button>
        <button type="button" title="Watch how the map grew, event by event" onClick={() => setReplaying(true)}>
          Replay
        </button>
        <ExportMenu token={rights.token} />
        <button
          type="button"
          className="quiet help-button"
          title="Shortcuts, and how to read the map (?)"
          aria-keyshortcuts="?"
          aria-label="Help"
          onClick={() => setDialog({ kind: 'help' })}
        >
          ?
        </button>
      </header>
      {!editable && <ReadOnlyBanner />}
      {editable && <Toolbar onAddStatement={addStatement} onOpenLinkDialog={openLinkDialog} onDelete={deleteSelection} />}
      <main className={panelOpen ? 'map-main has-loops-panel' : 'map-main'}>
        <MapCanvas />
        <ReadingBar onDetails={openDetails} />
        <LoopsPanel />
        <DiscussionPanel />
        <FacilitationBanner />
        <FacilitationBridge />
        <Notices />
      </main>
      {editable && statementMenu && (
        <Suspense fallback={null}>
          <StatementMenu
            at={statementMenu}
            onClose={closeStatementMenu}
            onLink={(fromId) => setDialog({ kind: 'link', fromId })}
            onDelete={deleteSelection}
          />
        </Suspense>
      )}
      <Suspense fallback={null}>
        {dialog.kind === 'link' && <LinkDialog fromId={dialog.fromId} onClose={close} />}
        {dialog.kind === 'share' && (
          <ShareDialog mapId={mapId} editToken={rights.editToken} viewToken={rights.viewToken} onClose={close} />
        )}
        {dialog.kind === 'delete' && <ConfirmDeleteDialog loops={dialog.loops} onClose={close} />}
      </Suspense>
      {dialog.kind === 'name' && <NameDialog initialName={name} onCancel={close} onDone={close} />}
      {dialog.kind === 'details' && (
        <Suspense fallback={null}>
          <DetailsDialog token={rights.token} onClose={close} />
        </Suspense>
      )}
      {dialog.kind === 'help' && (
        <Suspense fallback={null}>
          <HelpSheet editable={editable} onClose={close} />
        </Suspense>
      )}
    </div>
  );
}
