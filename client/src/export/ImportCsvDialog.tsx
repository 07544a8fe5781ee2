import { type FormEvent, useId, useState } from 'react';
import { appendIntoDoc, csvToImportDocument, lastNumber } from '@causal-map/shared/csv-import';
import { Dialog } from '../map/Dialog';
import { LOCAL } from '../map/origins';
import { useSession } from '../map/session-context';
import { readName } from '../user/identity';

interface ImportCsvDialogProps {
  onClose: () => void;
}

/** Why nothing was imported: a lead sentence and the problems, one a line. */
interface Refusal {
  lead: string;
  problems: string[];
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What the toast says after an import: "Added 2 statements and 1 link after number 7". */
function addedMessage(statements: number, links: number, after: number): string {
  const what = `Added ${plural(statements, 'statement', 'statements')} and ${plural(links, 'link', 'links')}`;
  return after > 0 ? `${what} after number ${after}` : `${what}, numbered from 1`;
}

/**
 * Adds CSV tables (the columns of the CSV export) to the open map: a statements table and,
 * if the person has one, a links table. The new statements are numbered after the map's own
 * and placed to its right; the whole import is one change, so one Undo takes it back.
 */
export default function ImportCsvDialog({ onClose }: ImportCsvDialogProps) {
  const session = useSession();
  const [statementsFile, setStatementsFile] = useState<File | null>(null);
  const [linksFile, setLinksFile] = useState<File | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const statementsId = useId();
  const linksId = useId();
  const problemsId = useId();
  const statementsHintId = useId();
  const linksHintId = useId();
  const canEdit = session.role === 'edit';

  // A new file is a new attempt: the problems were about the old one.
  const pick = (set: (file: File | null) => void) => (file: File | null) => {
    set(file);
    setRefusal(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canEdit || busy) return;
    if (!statementsFile) {
      setRefusal({ lead: 'Choose the statements table first: a CSV file with a "text" column.', problems: [] });
      return;
    }
    setBusy(true);
    try {
      const name = readName() ?? '';
      const [statementsCsv, linksCsv] = await Promise.all([statementsFile.text(), linksFile ? linksFile.text() : null]);
      const result = csvToImportDocument(statementsCsv, linksCsv, '', { createdBy: name });
      if (!result.ok) {
        const lead = linksFile ? 'These tables cannot be added to the map:' : 'This table cannot be added to the map:';
        setRefusal({ lead, problems: result.problems });
        return;
      }
      const { doc, undoManager, actions } = session;
      const after = lastNumber(doc);
      // Its own undo step: not merged with an edit made just before.
      undoManager.stopCapturing();
      appendIntoDoc(doc, result.document, { name }, LOCAL);
      undoManager.stopCapturing();
      actions.showToast(addedMessage(result.document.statements.length, result.document.links.length, after));
      onClose();
    } catch (error) {
      setRefusal({ lead: `The files could not be read: ${error instanceof Error ? error.message : String(error)}`, problems: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Import CSV into this map" onClose={onClose} className="import-csv-dialog">
      {canEdit ? (
        <form onSubmit={(event) => void submit(event)}>
          <p className="dialog-hint">
            Tables with the columns of the CSV export. The new statements get numbers after this map&rsquo;s and go to
            the right of it; Undo takes the whole import back.
          </p>
          <label htmlFor={statementsId}>Statements table (.csv)</label>
          <p id={statementsHintId} className="dialog-hint">
            Needs a &ldquo;text&rdquo; column; number, valence, created_at and created_by are optional.
          </p>
          <input
            id={statementsId}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={refusal ? `${statementsHintId} ${problemsId}` : statementsHintId}
            onChange={(event) => pick(setStatementsFile)(event.target.files?.[0] ?? null)}
          />
          <label htmlFor={linksId}>Links table (.csv), optional</label>
          <p id={linksHintId} className="dialog-hint">
            &ldquo;from&rdquo; and &ldquo;to&rdquo; are numbers in the statements table; &ldquo;polarity&rdquo; is + or -, or
            &ldquo;reads&rdquo; says &ldquo;may lead to&rdquo; or &ldquo;may not lead to&rdquo;.
          </p>
          <input
            id={linksId}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={linksHintId}
            onChange={(event) => pick(setLinksFile)(event.target.files?.[0] ?? null)}
          />
          {refusal && (
            <div id={problemsId} role="alert" className="import-problems import-csv-problems">
              <p>{refusal.lead}</p>
              {refusal.problems.length > 0 && (
                <ul>
                  {refusal.problems.map((problem, index) => (
                    <li key={index}>{problem}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Importing…' : 'Import'}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="dialog-hint">This map is view-only: ask for the edit link to add tables to it.</p>
          <div className="dialog-actions">
            <button type="button" className="primary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
