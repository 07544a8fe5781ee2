/** Shown over an empty canvas, so the first step is obvious. */
export function EmptyMapNote() {
  return (
    <div className="empty-map-note">
      <p>Double-click anywhere or press N to add the first statement</p>
    </div>
  );
}
