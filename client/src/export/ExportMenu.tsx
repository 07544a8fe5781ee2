import { Suspense, lazy, useState } from 'react';
import type { MenuItem } from '../map/Menu';
import { useMapState, useSession } from '../map/session-context';
import type { ExportChoice } from './export-files';
import { useMenuButton } from '../map/use-menu-button';

// Loaded when first opened: the map's first paint does not wait for them.
const Menu = lazy(() => import('../map/Menu'));
const ImportCsvDialog = lazy(() => import('./ImportCsvDialog'));
const ExportMomentDialog = lazy(() => import('./ExportMomentDialog'));
const loadExports = () => import('./export-files');

/**
 * Export ▾: the map (or the selected loop) as a PDF report, PNG or SVG picture, CSV tables,
 * Graphviz or GraphML, or the map file; Copy image for pasting into a report; and, for
 * editors, CSV tables imported into this map.
 */
export function ExportMenu({ token }: { token: string }) {
  const session = useSession();
  const { actions } = session;
  const loop = useMapState((state) => state.selectedLoop?.name ?? null);
  const { open, opener, close, toggle } = useMenuButton();
  const [importing, setImporting] = useState(false);
  const [pastMoment, setPastMoment] = useState(false);

  const download = (choice: ExportChoice) => async () => {
    try {
      const { makeExport, saveFile } = await loadExports();
      saveFile(await makeExport(session, token, choice));
    } catch (error) {
      actions.showToast(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const copy = (which?: string) => async () => {
    try {
      const { copyImage } = await loadExports();
      await copyImage(session, token, which);
      actions.showToast('Image copied: paste it into your report.');
    } catch (error) {
      actions.showToast(`Copy failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const items: MenuItem[] = [
    { label: 'PDF report (A4)', onSelect: download({ format: 'pdf', paper: 'a4' }) },
    { label: 'PDF report (US Letter)', onSelect: download({ format: 'pdf', paper: 'letter' }) },
    { label: 'PNG image', onSelect: download({ format: 'png' }) },
    { label: 'SVG image', onSelect: download({ format: 'svg' }) },
    { label: 'Copy image', title: 'The map as a picture, to paste into a report', onSelect: copy() },
  ];
  if (loop) {
    items.push(
      { label: `Loop ${loop}: PDF report`, onSelect: download({ format: 'pdf', loop, paper: 'a4' }) },
      { label: `Loop ${loop}: PNG image`, onSelect: download({ format: 'png', loop }) },
      { label: `Loop ${loop}: SVG image`, onSelect: download({ format: 'svg', loop }) },
      { label: `Loop ${loop}: copy image`, onSelect: copy(loop) },
    );
  }
  items.push(
    { label: 'Statements table (CSV)', onSelect: download({ format: 'csv', table: 'statements' }) },
    { label: 'Links table (CSV)', onSelect: download({ format: 'csv', table: 'links' }) },
    { label: 'Loops table (CSV)', onSelect: download({ format: 'csv', table: 'loops' }) },
    { label: 'Graphviz (DOT)', onSelect: download({ format: 'dot' }) },
    { label: 'GraphML (yEd, Gephi)', onSelect: download({ format: 'graphml' }) },
    { label: 'Map file (JSON)', title: 'Import it on the home page to make a copy of this map', onSelect: download({ format: 'json' }) },
    { label: 'As it was at a moment…', title: 'The map as it stood on a day and time you choose', onSelect: () => setPastMoment(true) },
  );
  if (session.role === 'edit') items.push({ label: 'Import CSV into this map…', onSelect: () => setImporting(true) });

  return (
    <div className="menu-anchor export-menu">
      <button
        ref={opener}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? 'export-menu' : undefined}
        title="Reports, pictures and tables of this map"
        onClick={toggle}
      >
        Export <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <Suspense fallback={null}>
          <Menu id="export-menu" label="Export" opener={opener} onClose={close} items={items} className="menu-right" />
        </Suspense>
      )}
      {pastMoment && (
        <Suspense fallback={null}>
          <ExportMomentDialog token={token} onClose={() => setPastMoment(false)} />
        </Suspense>
      )}
      {importing && (
        <Suspense fallback={null}>
          <ImportCsvDialog onClose={() => setImporting(false)} />
        </Suspense>
      )}
    </div>
  );
}
