import { PinIcon } from '../map/PinIcon';
import { VALENCE_DISPLAY, VALENCE_ORDER } from '../map/valence';

/** One kind of arrow as the map draws it: solid with ⊕, or dashed with ⊖. */
function LegendArrow({ polarity }: { polarity: '+' | '-' }) {
  const positive = polarity === '+';
  return (
    <li>
      <svg className="legend-line" width="56" height="20" aria-hidden="true">
        <line x1="2" y1="10" x2="46" y2="10" className={positive ? 'legend-line-positive' : 'legend-line-negative'} />
        <path d="M 46 5 L 54 10 L 46 15 z" />
        <circle cx="30" cy="10" r="7" className="legend-sign" />
        <path d={positive ? 'M 26 10 H 34 M 30 6 V 14' : 'M 26 10 H 34'} className="legend-sign-mark" />
      </svg>
      <span>
        {positive ? '⊕ solid arrow: ' : '⊖ dashed arrow: '}
        <em>{positive ? 'may lead to' : 'may not lead to'}</em>
      </span>
    </li>
  );
}

/** What the colours, signs, lines and marks on the map mean. */
export default function Legend({ onClose }: { onClose: () => void }) {
  return (
    <section className="legend-panel" aria-labelledby="legend-title" data-testid="legend">
      <div className="legend-head">
        <h2 id="legend-title">Legend</h2>
        <button type="button" onClick={onClose} aria-label="Close the legend">
          ×
        </button>
      </div>
      <ul className="legend-list">
        {VALENCE_ORDER.map((valence) => (
          <li key={valence}>
            <span className={`legend-swatch valence-swatch-${valence}`} aria-hidden="true">
              {VALENCE_DISPLAY[valence].sign}
            </span>
            <span>
              {VALENCE_DISPLAY[valence].word}:{' '}
              {valence === 'neutral' ? 'neither bad nor good' : `${VALENCE_DISPLAY[valence].action.toLowerCase()} at the centre of the case`}
            </span>
          </li>
        ))}
        <LegendArrow polarity="+" />
        <LegendArrow polarity="-" />
        <li>
          <span className="legend-swatch" aria-hidden="true">
            ⟳
          </span>
          <span>On a loop: follow the arrows and you come back here</span>
        </li>
        <li>
          <span className="legend-swatch">
            <PinIcon />
          </span>
          <span>Pinned: Tidy up leaves it where it is</span>
        </li>
      </ul>
      <p className="legend-note">
        A <strong>vicious loop</strong> is a circle of arrows through bad circumstances that keeps making things worse.
      </p>
    </section>
  );
}
