/** Holds, raffle entries and waitlists: filled in once the /me endpoints for them exist. */
export function MyEntries() {
  return null;
}
