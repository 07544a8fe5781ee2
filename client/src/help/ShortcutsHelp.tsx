import { Fragment, useId } from 'react';
import { VALENCE_DISPLAY } from '../map/valence';
import { type ShortcutRow, shortcutTables } from './help-shortcuts';

/** "Ctrl + Z or ⌘ + Z": each key in its own <kbd>, so it reads as keys and looks like one. */
function Keys({ keys }: { keys: ShortcutRow['keys'] }) {
  return keys.map((combination, index) => (
    <Fragment key={combination.join('+')}>
      {index > 0 && <span className="help-or"> or </span>}
      <span className="help-keys">
        {combination.map((key, at) => (
          <Fragment key={key}>
            {at > 0 && '+'}
            <kbd>{key}</kbd>
          </Fragment>
        ))}
      </span>
    </Fragment>
  ));
}

function Does({ row }: { row: ShortcutRow }) {
  if (!row.valence) return row.does;
  const display = VALENCE_DISPLAY[row.valence];
  return (
    <>
      {row.does}{' '}
      <span className="help-valence" style={{ color: display.colour, borderColor: display.colour }}>
        {display.sign} {display.word}
      </span>
    </>
  );
}

/** The shortcut tables; on a view-only map, a word on why the editing keys are missing. */
export function ShortcutsHelp({ editable }: { editable: boolean }) {
  const headingId = useId();
  return (
    <section className="help-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Keyboard shortcuts</h3>
      {!editable && (
        <p className="help-note">
          You opened this map with the view-only link: you can read it and move around, but the keys that add,
          link or change statements need the edit link.
        </p>
      )}
      {shortcutTables(editable).map((table) => (
        <table key={table.caption} className="help-table">
          <caption>{table.caption}</caption>
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">What it does</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={`${row.does}-${row.keys.join()}`}>
                <th scope="row">
                  <Keys keys={row.keys} />
                </th>
                <td>
                  <Does row={row} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
