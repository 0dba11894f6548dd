/**
 * What a column (or a summary label) of an attendance report means, recognised from its
 * header text in English and a few common translations (French, Albanian, German, Spanish,
 * Italian). Matching ignores case, accents, repeated spaces and a trailing colon.
 */
export type Meaning =
  | 'name'
  | 'email'
  | 'upn'
  | 'join'
  | 'leave'
  | 'duration'
  | 'role'
  | 'guest'
  | 'action'
  | 'timestamp'
  | 'title'
  | 'start'
  | 'end'
  | 'hostEmail'
  | 'hostName'
  | 'meetingId'
  | 'participantCount'
  | 'meetingDuration'
  | 'averageDuration'
  | 'ignored';

/** Meanings that describe the meeting rather than a participant. */
export const MEETING_MEANINGS: ReadonlySet<Meaning> = new Set<Meaning>([
  'title',
  'start',
  'end',
  'hostEmail',
  'hostName',
  'meetingId',
  'participantCount',
  'meetingDuration',
  'averageDuration',
]);

const SYNONYMS: Record<Meaning, readonly string[]> = {
  name: [
    'name', 'full name', 'name (original name)', 'user name', 'user name (original name)', 'participant',
    'participant name', 'display name', 'attendee', 'attendee name',
    'nom', 'nom complet', 'nom (nom d\'origine)', 'nom du participant', 'participant(e)',
    'emri', 'emri i plote', 'emri (emri origjinal)', 'emri i pjesemarresit', 'pjesemarresi',
    'vollstandiger name', 'teilnehmer', 'teilnehmername', 'nombre', 'nombre completo', 'nome', 'nome completo',
  ],
  email: [
    'email', 'e-mail', 'user email', 'user e-mail', 'email address', 'e-mail address', 'mail', 'participant email',
    'attendee email', 'adresse e-mail', 'adresse email', 'courriel', 'e-mail de l\'utilisateur',
    'email de l\'utilisateur', 'posta elektronike', 'email-i', 'e-maili', 'adresa e-mail', 'adresa e emailit',
    'e-mail-adresse', 'correo electronico', 'correo', 'posta elettronica',
  ],
  upn: ['participant id (upn)', 'upn', 'user principal name', 'id du participant (upn)', 'id e pjesemarresit (upn)', 'teilnehmer-id (upn)'],
  join: [
    'join time', 'joined', 'join', 'joined at', 'first join', 'first join time', 'first joined', 'time joined',
    'heure d\'arrivee', 'heure de connexion', 'premiere arrivee', 'premiere connexion', 'ora e hyrjes',
    'koha e hyrjes', 'hyrja e pare', 'hyrja', 'beitrittszeit', 'erster beitritt', 'hora de entrada',
    'primera entrada', 'ora di ingresso', 'primo ingresso',
  ],
  leave: [
    'leave time', 'left', 'leave', 'left at', 'last leave', 'last leave time', 'last left', 'time left',
    'heure de depart', 'heure de deconnexion', 'dernier depart', 'ora e daljes', 'koha e daljes',
    'dalja e fundit', 'dalja', 'austrittszeit', 'letztes verlassen', 'hora de salida', 'ultima salida',
    'ora di uscita', 'ultima uscita',
  ],
  duration: [
    'duration', 'duration (minutes)', 'duration (min)', 'duration (mins)', 'in-meeting duration', 'in meeting duration',
    'attendance duration', 'time in meeting', 'time in call', 'total duration', 'total duration (minutes)', 'minutes',
    'duree', 'duree (minutes)', 'duree dans la reunion', 'duree de presence', 'kohezgjatja', 'kohezgjatja (minuta)',
    'kohezgjatja ne takim', 'dauer', 'dauer (minuten)', 'dauer in der besprechung', 'duracion', 'durata',
  ],
  role: ['role', 'participant role', 'user role', 'roli', 'rol', 'rolle', 'ruolo'],
  guest: ['guest', 'invite', 'i ftuar', 'mysafir', 'gast', 'invitado', 'ospite'],
  action: [
    'user action', 'action', 'activity', 'action de l\'utilisateur', 'action utilisateur', 'veprimi',
    'veprimi i perdoruesit', 'benutzeraktion', 'aktion', 'accion', 'accion del usuario', 'azione',
  ],
  timestamp: [
    'timestamp', 'time stamp', 'date and time', 'date/time', 'datetime', 'horodatage', 'date et heure',
    'data dhe ora', 'vula kohore', 'zeitstempel', 'marca de tiempo', 'marca temporale', 'data e ora',
  ],
  title: [
    'topic', 'meeting title', 'title', 'meeting topic', 'subject', 'meeting name', 'meeting subject', 'sujet',
    'titre', 'titre de la reunion', 'sujet de la reunion', 'tema', 'titulli', 'titulli i takimit', 'thema',
    'besprechungstitel', 'titulo', 'titolo', 'titolo della riunione',
  ],
  start: [
    'start time', 'meeting start time', 'start', 'started', 'heure de debut', 'debut', 'debut de la reunion',
    'ora e fillimit', 'koha e fillimit', 'fillimi', 'startzeit', 'beginn', 'hora de inicio', 'ora di inizio',
  ],
  end: [
    'end time', 'meeting end time', 'end', 'ended', 'heure de fin', 'fin', 'fin de la reunion', 'ora e perfundimit',
    'koha e perfundimit', 'perfundimi', 'endzeit', 'ende', 'hora de finalizacion', 'hora de fin', 'ora di fine',
  ],
  hostEmail: ['host email', 'host e-mail', 'organizer email', 'organiser email', 'organizer e-mail', 'organiser e-mail'],
  hostName: ['host name', 'host', 'organizer name', 'organiser name', 'organizer', 'organiser'],
  meetingId: ['meeting id', 'meeting-id', 'id de reunion', 'id de la reunion', 'id e takimit', 'besprechungs-id'],
  participantCount: [
    'participants', 'attended participants', 'total number of participants', 'number of participants',
    'participants ayant assiste', 'pjesemarresit', 'pjesemarres qe moren pjese', 'participantes', 'partecipanti',
  ],
  meetingDuration: ['meeting duration', 'duree de la reunion', 'kohezgjatja e takimit', 'besprechungsdauer'],
  averageDuration: [
    'average attendance time', 'average attendance', 'temps de presence moyen', 'koha mesatare e pjesemarrjes',
  ],
  ignored: ['recording disclaimer response', 'department'],
};

const LOOKUP = new Map<string, Meaning>();
for (const [meaning, names] of Object.entries(SYNONYMS) as [Meaning, readonly string[]][]) {
  for (const name of names) LOOKUP.set(name, meaning);
}

/** Lower-case, without accents, BOM, quotes, surrounding or repeated spaces and a trailing colon. */
export function normaliseLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f\ufeff]/g, '')
    .toLowerCase()
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .replace(/^[\s"']+|[\s"':]+$/g, '');
}

const PLAIN_ASCII = /^[\w(][\w ()'.\/-]*[\w)]$/;

/** The meaning of a header or summary label, or null when it is not one this library knows. */
export function meaningOf(text: string): Meaning | null {
  // No known label contains a digit or an at sign; data cells mostly do, so they are
  // turned away without normalising them.
  if (text.length === 0 || text.length > 48 || /[\d@]/.test(text)) return null;
  const lower = text.toLowerCase();
  const meaning = LOOKUP.get(lower);
  if (meaning) return meaning;
  // Plain single-spaced ASCII needs no further normalising.
  if (PLAIN_ASCII.test(text)) return null;
  return LOOKUP.get(normaliseLabel(text)) ?? null;
}

/** Whether a name column header says it holds "Name (Original Name)". */
export function mentionsOriginalName(header: string): boolean {
  return /origin/.test(normaliseLabel(header));
}

const EXAMPLES: Partial<Record<Meaning, readonly string[]>> = {
  name: ['Name', 'Full Name', 'Name (Original Name)'],
  join: ['Join Time', 'First Join', 'Joined'],
  leave: ['Leave Time', 'Last Leave', 'Left'],
  action: ['User Action', 'Action'],
  timestamp: ['Timestamp'],
};

/** Some header texts to quote in error messages, by meaning. */
export function exampleHeaders(meaning: Meaning): string {
  const names = EXAMPLES[meaning] ?? SYNONYMS[meaning].slice(0, 3);
  return names.map((n) => `"${n}"`).join(', ');
}

export type SectionKind = 'summary' | 'participants' | 'activities';

const SECTIONS = new Map<string, SectionKind>([
  ['summary', 'summary'],
  ['meeting summary', 'summary'],
  ['resume', 'summary'],
  ['resume de la reunion', 'summary'],
  ['permbledhje', 'summary'],
  ['permbledhja', 'summary'],
  ['zusammenfassung', 'summary'],
  ['resumen', 'summary'],
  ['riepilogo', 'summary'],
  ['participants', 'participants'],
  ['pjesemarresit', 'participants'],
  ['teilnehmer', 'participants'],
  ['participantes', 'participants'],
  ['partecipanti', 'participants'],
  ['in-meeting activities', 'activities'],
  ['in meeting activities', 'activities'],
  ['activities', 'activities'],
  ['meeting activities', 'activities'],
  ['activites pendant la reunion', 'activities'],
  ['activites', 'activities'],
  ['aktivitetet gjate takimit', 'activities'],
  ['aktivitetet', 'activities'],
  ['aktivitaten in der besprechung', 'activities'],
  ['actividades en la reunion', 'activities'],
  ['attivita nella riunione', 'activities'],
]);

/**
 * A section title line such as "2. Participants". Returns the kind when it is known,
 * 'other' for an unknown numbered title, null when the text is not a section title.
 */
export function sectionOf(text: string): SectionKind | 'other' | null {
  const numbered = /^\d{1,2}\.\s*(\D.*)$/.exec(text.trim());
  const label = normaliseLabel(numbered ? numbered[1]! : text);
  return SECTIONS.get(label) ?? (numbered ? 'other' : null);
}
