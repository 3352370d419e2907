/**
 * The outcomes of a call attempt, as the core stores them (catalog `OUTCOMES`), with the words on
 * their buttons. Shared by the incident screen and the phone copy's page.
 */
export const OUTCOMES: [string, string][] = [
  ['confirmed', 'Confirmed'],
  ['cannot help', 'Cannot help'],
  ['answered', 'Answered, not confirmed'],
  ['voicemail', 'Voicemail'],
  ['no answer', 'No answer'],
  ['busy', 'Busy'],
  ['wrong number', 'Wrong number'],
  ['skipped', 'Skipped'],
];
