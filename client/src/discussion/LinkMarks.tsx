import { MARKS, type Mark, countMarks } from '@causal-map/shared/marks';
import { useMapState, useSession } from '../map/session-context';
import { MARK_WORDS } from './mark-words';


const NO_MARKS: Readonly<Record<string, Mark>> = {};

/** This person's mark on a link (pressed again, it is withdrawn), and who marked what. */
export function LinkMarks({ linkId }: { linkId: string }) {
  const { discussion, role } = useSession();
  const marks = useMapState((state) => state.marks.get(linkId) ?? NO_MARKS);
  const me = useMapState((state) => state.peers.find((peer) => peer.isSelf)?.name ?? '');
  const counts = countMarks(marks);
  const people = Object.entries(marks).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="link-marks" aria-label="Agree or disagree with this link">
      {role === 'edit' && (
        <div className="mark-buttons" role="group" aria-label="Your view of this link">
          {MARKS.map((mark) => (
            <button key={mark} type="button" aria-pressed={marks[me] === mark} onClick={() => discussion.mark(linkId, mark)}>
              <span aria-hidden="true">{MARK_WORDS[mark].sign}</span> {MARK_WORDS[mark].word} ({counts[mark]})
            </button>
          ))}
        </div>
      )}
      {people.length === 0 ? (
        <p className="note">Nobody has marked this link yet.</p>
      ) : (
        <ul className="mark-people" data-testid="link-mark-people">
          {people.map(([name, mark]) => (
            <li key={name}>
              {name}: {MARK_WORDS[mark].word.toLowerCase()}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
