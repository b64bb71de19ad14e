/**
 * Waiting-room admissions, kept in memory for this page's life only (like the access token):
 * the room page stores the token it was given, the hold button sends it.
 */
const admissions = new Map<string, { token: string; expiresAt: number }>();

export function rememberAdmission(dropId: string, token: string, expiresAt: string): void {
  admissions.set(dropId, { token, expiresAt: Date.parse(expiresAt) });
}

export function admissionFor(dropId: string): string | undefined {
  const admission = admissions.get(dropId);
  return admission && admission.expiresAt > Date.now() ? admission.token : undefined;
}
