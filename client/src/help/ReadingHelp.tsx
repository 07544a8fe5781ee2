import { useId } from 'react';
import { VALENCE_DISPLAY, VALENCE_ORDER } from '../map/valence';

/** A short arrow as the map draws it: plain with a +, or dashed with a −. Words say the same. */
function SampleArrow({ polarity }: { polarity: '+' | '-' }) {
  const positive = polarity === '+';
  return (
    <svg className="help-arrow" width="64" height="22" viewBox="0 0 64 22" aria-hidden="true">
      <line x1="2" y1="11" x2="54" y2="11" className={positive ? undefined : 'help-arrow-dashed'} />
      <path d="M 53 5 L 62 11 L 53 17 z" className="help-arrow-head" />
      <circle cx="32" cy="11" r="8" className={positive ? 'help-arrow-sign' : 'help-arrow-sign help-arrow-minus'} />
      <path d={positive ? 'M 28 11 H 36 M 32 7 V 15' : 'M 27 11 H 37'} className={positive ? 'help-arrow-mark' : 'help-arrow-mark help-arrow-minus'} />
    </svg>
  );
}

/** What the numbers, arrows, colours and marks on the map mean. */
export function ReadingHelp() {
  const headingId = useId();
  return (
    <section className="help-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Reading the map</h3>
      <ul className="help-list">
        <li>
          <span className="help-sample help-number" aria-hidden="true">
            <span>3</span>
          </span>
          <span>
            Every statement has a <strong>number</strong>: the order the group added them in. Say “statement 3” and
            everyone finds the same one.
          </span>
        </li>
        <li>
          <span className="help-sample">
            <SampleArrow polarity="+" />
          </span>
          <span>
            A plain arrow with a <strong>+</strong> sign reads <em>“may lead to”</em>: 1 → 2 reads “1 may lead to 2”.
          </span>
        </li>
        <li>
          <span className="help-sample">
            <SampleArrow polarity="-" />
          </span>
          <span>
            A <strong>dashed</strong> arrow with a <strong>minus sign (−)</strong> reads <em>“may not lead to”</em>:
            the first makes the second less likely.
          </span>
        </li>
        <li>
          <span className="help-sample help-valences">
            {VALENCE_ORDER.map((valence) => {
              const display = VALENCE_DISPLAY[valence];
              return (
                <span key={valence} className="help-valence" style={{ color: display.colour, borderColor: display.colour }}>
                  {display.sign} {display.word}
                </span>
              );
            })}
          </span>
          <span>
            Each statement is marked <strong>bad</strong> (red), <strong>neutral</strong> (grey) or{' '}
            <strong>good</strong> (green) for the person at the centre of the case, always with its sign and word too.
          </span>
        </li>
        <li>
          <span className="help-sample help-loop-mark" aria-hidden="true">
            ⟳
          </span>
          <span>
            The statement lies <strong>on a loop</strong>: follow its arrows and you come back to it.
          </span>
        </li>
      </ul>
    </section>
  );
}

// Steps of the dementia case's vicious loop (the example map), told in everyday words.
const EXAMPLE_LOOP = [
  'Mrs A’s memory gets worse',
  'she withdraws',
  'fewer contacts',
  'her decline speeds up',
  'her memory gets worse',
];

/** Vicious loops in plain words, with the example everyone can open. */
export function ViciousLoopHelp() {
  const headingId = useId();
  return (
    <section className="help-section" aria-labelledby={headingId}>
      <h3 id={headingId}>What a vicious loop is</h3>
      <p>
        A <strong>loop</strong> is a chain of arrows that comes back to where it started. A <strong>vicious loop</strong>{' '}
        feeds itself and keeps making things worse: it goes through at least one bad circumstance and no good one, and
        it has an even number of “may not lead to” links (or none), so each turn pushes the same way.
      </p>
      <p className="help-chain">
        <span className="help-chain-label">In the dementia case: </span>
        {EXAMPLE_LOOP.map((step, index) => (
          <span key={step}>
            {index > 0 && (
              <>
                <span aria-hidden="true"> → </span>
                <span className="visually-hidden"> may lead to </span>
              </>
            )}
            {step}
          </span>
        ))}
        <span aria-hidden="true"> → …</span>
      </p>
      <p>
        When someone’s arrow closes a vicious loop, the map tells everyone at once. The <strong>loops panel</strong>{' '}
        (press <kbd>O</kbd>) lists every loop: <strong>R1, R2…</strong> are reinforcing loops, which feed themselves;{' '}
        <strong>B1, B2…</strong> are balancing loops, which hold themselves in check.
      </p>
    </section>
  );
}
