export function ReadOnlyBanner() {
  return (
    <div className="read-only-banner" data-testid="read-only-banner">
      View only — you can look, but not change this map
    </div>
  );
}
