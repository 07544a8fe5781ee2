import { OpenExampleButton } from '../help/OpenExampleButton';

/** Shown over an empty canvas, so the first step is obvious, with a worked example to look at. */
export function EmptyMapNote() {
  return (
    <div className="empty-map-note">
      <div className="empty-map-card">
        <p>Double-click anywhere or press N to add the first statement</p>
        <OpenExampleButton hint="The example opens as a new map, so this one stays empty." />
      </div>
    </div>
  );
}
